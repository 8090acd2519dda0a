import { cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { OutlineDrawer } from '../../components/OutlineDrawer';

afterEach(cleanup);

function Page({ open, onDismiss }: { open: boolean; onDismiss: () => void }) {
  return (
    <div>
      <button type="button" id="toggle">
        Contents
      </button>
      <OutlineDrawer
        id="drawer"
        label="Contents"
        open={open}
        opener={() => document.getElementById('toggle')}
        onDismiss={onDismiss}
      >
        <nav aria-label="Outline">
          <button type="button" class="outline-entry">
            Intro
          </button>
          <button type="button" class="outline-entry">
            More
          </button>
        </nav>
      </OutlineDrawer>
      <button type="button">Behind</button>
    </div>
  );
}

function dialog(): HTMLDialogElement {
  return document.getElementById('drawer') as HTMLDialogElement;
}

describe('the outline drawer (narrow windows)', () => {
  test('opens as a modal with focus on the first entry; Tab and Shift+Tab stay inside', () => {
    const onDismiss = vi.fn();
    const { rerender } = render(<Page open={false} onDismiss={onDismiss} />);
    expect(dialog().open).toBe(false);
    screen.getByRole('button', { name: 'Contents' }).focus();
    rerender(<Page open={true} onDismiss={onDismiss} />);
    expect(dialog().open).toBe(true);
    expect(document.activeElement?.textContent).toBe('Intro');
    const more = screen.getByRole('button', { name: 'More' });
    const close = screen.getByRole('button', { name: 'Close the contents' });
    more.focus();
    // Tab on the last control wraps to the first (the close button), never out to the page behind.
    expect(fireEvent.keyDown(more, { key: 'Tab' })).toBe(false);
    expect(document.activeElement).toBe(close);
    expect(fireEvent.keyDown(close, { key: 'Tab', shiftKey: true })).toBe(false);
    expect(document.activeElement).toBe(more);
    // Inside the cycle the browser moves focus itself (the default is left alone).
    close.focus();
    expect(fireEvent.keyDown(close, { key: 'Tab' })).toBe(true);
    expect(onDismiss).not.toHaveBeenCalled();
  });

  test('Escape dismisses it and puts focus back on the button that opened it', () => {
    const onDismiss = vi.fn();
    const { rerender } = render(<Page open={true} onDismiss={onDismiss} />);
    expect(document.activeElement?.textContent).toBe('Intro');
    fireEvent.keyDown(document.activeElement!, { key: 'Escape' });
    expect(onDismiss).toHaveBeenCalledTimes(1);
    expect(document.activeElement?.id).toBe('toggle');
    rerender(<Page open={false} onDismiss={onDismiss} />);
    expect(dialog().open).toBe(false);
  });

  test('its close button dismisses it the same way', () => {
    const onDismiss = vi.fn();
    render(<Page open={true} onDismiss={onDismiss} />);
    fireEvent.click(screen.getByRole('button', { name: 'Close the contents' }));
    expect(onDismiss).toHaveBeenCalledTimes(1);
    expect(document.activeElement?.id).toBe('toggle');
  });

  test('closed by the page (a heading chosen), it is no dismissal and leaves focus where the page puts it', async () => {
    const onDismiss = vi.fn();
    const { rerender } = render(<Page open={true} onDismiss={onDismiss} />);
    rerender(<Page open={false} onDismiss={onDismiss} />);
    screen.getByRole('button', { name: 'Behind' }).focus();
    // The dialog's close event arrives a task later.
    await new Promise((r) => setTimeout(r, 0));
    expect(dialog().open).toBe(false);
    expect(onDismiss).not.toHaveBeenCalled();
    expect(document.activeElement?.textContent).toBe('Behind');
  });
});
