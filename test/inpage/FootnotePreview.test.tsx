import { cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { FootnotePreview } from '../../components/FootnotePreview';

const base = {
  id: 'p1',
  number: 3,
  html: '<p>The note <a href="https://example.org/">with a link</a>.</p>',
  placement: { top: 40, left: 12, maxHeight: 300, side: 'above' as const },
};

describe('FootnotePreview', () => {
  afterEach(cleanup);

  test('a hover preview is a tooltip showing the note', () => {
    render(<FootnotePreview {...base} pinned={false} onPin={() => {}} onClose={() => {}} />);
    const tip = screen.getByRole('tooltip');
    expect(tip.textContent).toContain('The note with a link.');
    expect(tip.id).toBe('p1');
    expect(screen.getByRole('link', { name: 'with a link' }).getAttribute('href')).toBe('https://example.org/');
  });

  test('a pinned preview is a dialog named after its footnote', () => {
    render(<FootnotePreview {...base} pinned onPin={() => {}} onClose={() => {}} />);
    expect(screen.getByRole('dialog', { name: 'Footnote 3' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Pinned' }).getAttribute('aria-pressed')).toBe('true');
  });

  test('the pin and close buttons call back', () => {
    const onPin = vi.fn();
    const onClose = vi.fn();
    render(<FootnotePreview {...base} pinned={false} onPin={onPin} onClose={onClose} />);
    fireEvent.click(screen.getByRole('button', { name: 'Pin' }));
    fireEvent.click(screen.getByRole('button', { name: 'Close footnote 3' }));
    expect(onPin).toHaveBeenCalledOnce();
    expect(onClose).toHaveBeenCalledOnce();
  });

  test('it stays hidden until it has been placed, then sits at its placement', () => {
    const { rerender } = render(
      <FootnotePreview {...base} placement={undefined} pinned={false} onPin={() => {}} onClose={() => {}} />,
    );
    expect(screen.queryByRole('tooltip')).toBeNull();
    expect(screen.getByRole('tooltip', { hidden: true }).style.visibility).toBe('hidden');
    rerender(
      <FootnotePreview
        {...base}
        pinned={false}
        placement={{ top: 40, left: 12, maxHeight: 300, side: 'above' }}
        onPin={() => {}}
        onClose={() => {}}
      />,
    );
    const tip = screen.getByRole('tooltip');
    expect(tip.style.top).toBe('40px');
    expect(tip.style.visibility).toBe('');
    expect(tip.dataset.side).toBe('above');
  });
});
