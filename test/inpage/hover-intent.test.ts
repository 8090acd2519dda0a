import { describe, expect, test } from 'vitest';
import { IDLE, type IntentEvent, type IntentState, nextIntent } from '../../lib/inpage/hover-intent';

const delays = { open: 150, close: 300 };

function run(events: IntentEvent[], from: IntentState = IDLE) {
  let state = from;
  const actions: string[] = [];
  const timers: (number | 'cancel' | undefined)[] = [];
  for (const e of events) {
    const step = nextIntent(state, e, delays);
    state = step.state;
    if (step.action) actions.push(step.action);
    timers.push(step.timer);
  }
  return { state, actions, timers };
}

describe('nextIntent', () => {
  test.each<[string, IntentEvent[], string, string[]]>([
    ['hovering starts the open delay without opening yet', ['pointer-in'], 'opening', []],
    ['hovering long enough opens', ['pointer-in', 'timeout'], 'open', ['open']],
    ['leaving before the delay ends cancels', ['pointer-in', 'pointer-out'], 'idle', []],
    ['keyboard focus opens at once', ['focus-in'], 'open', ['open']],
    ['a tap opens at once', ['tap'], 'open', ['open']],
    ['a second tap closes', ['tap', 'tap'], 'idle', ['open', 'close']],
    ['leaving an open preview starts the grace period', ['pointer-in', 'timeout', 'pointer-out'], 'closing', ['open']],
    [
      'coming back during the grace period keeps it open',
      ['pointer-in', 'timeout', 'pointer-out', 'pointer-in'],
      'open',
      ['open'],
    ],
    [
      'the grace period running out closes',
      ['pointer-in', 'timeout', 'pointer-out', 'timeout'],
      'idle',
      ['open', 'close'],
    ],
    ['losing the pointer keeps it open while focused', ['focus-in', 'pointer-in', 'pointer-out'], 'open', ['open']],
    ['losing focus closes after the grace period', ['focus-in', 'focus-out', 'timeout'], 'idle', ['open', 'close']],
    ['Esc closes an open preview', ['focus-in', 'dismiss'], 'dismissed', ['open', 'close']],
    [
      'after Esc, focus coming back does not reopen',
      ['focus-in', 'dismiss', 'focus-in'],
      'dismissed',
      ['open', 'close'],
    ],
    [
      'after Esc, leaving resets so the next hover works',
      ['focus-in', 'dismiss', 'focus-out', 'pointer-in', 'timeout'],
      'open',
      ['open', 'close', 'open'],
    ],
    [
      'a pinned preview survives leaving and timeouts',
      ['pointer-in', 'timeout', 'pin', 'pointer-out', 'timeout', 'focus-out'],
      'pinned',
      ['open'],
    ],
    ['a pinned preview closes on Esc', ['pointer-in', 'timeout', 'pin', 'dismiss'], 'dismissed', ['open', 'close']],
  ])('%s', (_name, events, phase, actions) => {
    const result = run(events);
    expect(result.state.phase).toBe(phase);
    expect(result.actions).toEqual(actions);
  });

  test('hovering starts a timer with the open delay and leaving cancels it', () => {
    expect(run(['pointer-in', 'pointer-out']).timers).toEqual([150, 'cancel']);
  });

  test('leaving an open preview starts a timer with the close delay', () => {
    expect(run(['focus-in', 'focus-out']).timers).toEqual([undefined, 300]);
  });
});
