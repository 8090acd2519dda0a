/** Where one preview is in its life: waiting to open, open, in its grace period before closing, pinned, or dismissed by Esc. */
export type IntentPhase = 'idle' | 'opening' | 'open' | 'closing' | 'pinned' | 'dismissed';

/** The state of one reference and its preview: the phase, and whether the pointer or the keyboard focus is on them. */
export type IntentState = { phase: IntentPhase; hover: boolean; focus: boolean };

/** What can happen to a reference or its preview. */
export type IntentEvent =
  | 'pointer-in'
  | 'pointer-out'
  | 'focus-in'
  | 'focus-out'
  | 'tap'
  | 'timeout'
  | 'pin'
  | 'dismiss';

/** The delays of the machine in milliseconds: before opening on hover, and the grace period before closing. */
export type IntentDelays = { open: number; close: number };

/** The result of one step: the new state, what to do with the one pending timer, and whether to open or close the preview. */
export type IntentStep = {
  state: IntentState;
  /** A number starts (or restarts) the timer with that delay; 'cancel' stops it; undefined leaves it alone. */
  timer?: number | 'cancel';
  action?: 'open' | 'close';
};

/** The state of a reference nobody is pointing at or focusing. */
export const IDLE: IntentState = { phase: 'idle', hover: false, focus: false };

/** Advances the hover-intent machine of one preview by one event (pure; the caller owns the real timer). */
export function nextIntent(state: IntentState, event: IntentEvent, delays: IntentDelays): IntentStep {
  const hover = event === 'pointer-in' ? true : event === 'pointer-out' ? false : state.hover;
  const focus = event === 'focus-in' ? true : event === 'focus-out' ? false : state.focus;
  const s = { ...state, hover, focus };
  const engaged = hover || focus;
  switch (state.phase) {
    case 'pinned':
      return event === 'dismiss'
        ? { state: { ...s, phase: 'dismissed' }, timer: 'cancel', action: 'close' }
        : { state: s };
    case 'dismissed':
      // WCAG 1.4.13: after Esc the preview stays closed until the pointer and focus have left the reference.
      if (event === 'tap') return { state: { ...s, phase: 'open' }, timer: 'cancel', action: 'open' };
      return { state: { ...s, phase: engaged ? 'dismissed' : 'idle' } };
    case 'idle':
      if (event === 'pointer-in') return { state: { ...s, phase: 'opening' }, timer: delays.open };
      if (event === 'focus-in' || event === 'tap') return { state: { ...s, phase: 'open' }, action: 'open' };
      return { state: s };
    case 'opening':
      if (event === 'timeout' || event === 'focus-in' || event === 'tap')
        return { state: { ...s, phase: 'open' }, timer: 'cancel', action: 'open' };
      if (event === 'dismiss') return { state: { ...s, phase: 'dismissed' }, timer: 'cancel' };
      if (!engaged) return { state: { ...s, phase: 'idle' }, timer: 'cancel' };
      return { state: s };
    case 'open':
    case 'closing':
      if (event === 'pin') return { state: { ...s, phase: 'pinned' }, timer: 'cancel' };
      if (event === 'dismiss') return { state: { ...s, phase: 'dismissed' }, timer: 'cancel', action: 'close' };
      if (event === 'tap') return { state: { ...s, phase: 'idle' }, timer: 'cancel', action: 'close' };
      if (state.phase === 'closing' && event === 'timeout')
        return { state: { ...s, phase: 'idle' }, timer: 'cancel', action: 'close' };
      if (engaged)
        return state.phase === 'closing' ? { state: { ...s, phase: 'open' }, timer: 'cancel' } : { state: s };
      return state.phase === 'open' ? { state: { ...s, phase: 'closing' }, timer: delays.close } : { state: s };
  }
}
