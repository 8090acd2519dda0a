import { describe, expect, test } from 'vitest';
import { type CloneSlicing, cloneBody, cloneBodySteps } from '../../lib/parse/document-clone';

// A body long enough for many slices: 3,000 paragraphs, with a script and a comment the copy leaves out.
function longBody(): HTMLElement {
  const body = document.createElement('div');
  const parts: string[] = ['<script>1</script><!-- c -->'];
  for (let i = 0; i < 3000; i++) parts.push(`<p id="p${i}">Paragraph <em>${i}</em> of the post.</p>`);
  body.innerHTML = parts.join('');
  document.body.append(body);
  return body;
}

const fresh = () => document.implementation.createHTMLDocument('');
// sliceMs 0: yield at every check (each 256 nodes), as on the slowest machine.
const everySlice: CloneSlicing = { sliceMs: 0, win: window as unknown as CloneSlicing['win'] };

describe('cloneBodySteps', () => {
  test('sliced, it copies exactly what the one-go copy does, in many steps', () => {
    const body = longBody();
    const steps = cloneBodySteps(body, fresh(), everySlice);
    let yields = 0;
    let step = steps.next();
    while (!step.done) {
      yields++;
      step = steps.next();
    }
    expect(yields).toBeGreaterThan(10);
    expect(step.value.innerHTML).toBe(cloneBody(body, fresh()).innerHTML);
    expect(step.value.querySelector('script')).toBeNull();
    body.remove();
  });

  test('a body changed between two slices is copied again, in one go, as it is after the change', () => {
    const body = longBody();
    const steps = cloneBodySteps(body, fresh(), everySlice);
    steps.next();
    steps.next();
    // The site re-renders part of its body while the page runs between slices.
    body.querySelector('#p0')!.textContent = 'Rewritten first paragraph';
    body.querySelector('#p2999')!.remove();
    const step = steps.next();
    // No more pauses after the restart: the copy ended in this step, and it is one consistent reading.
    expect(step.done).toBe(true);
    const copy = step.value as Element;
    expect(copy.innerHTML).toBe(cloneBody(body, fresh()).innerHTML);
    expect(copy.querySelector('#p0')!.textContent).toBe('Rewritten first paragraph');
    expect(copy.querySelector('#p2999')).toBeNull();
    body.remove();
  });

  test('without slicing it never yields', () => {
    const body = longBody();
    const step = cloneBodySteps(body, fresh()).next();
    expect(step.done).toBe(true);
    body.remove();
  });
});
