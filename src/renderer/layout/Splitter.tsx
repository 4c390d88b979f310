import { useRef } from 'react';
import type { KeyboardEvent, PointerEvent } from 'react';

type Props = {
  /** 'vertical': a bar between side-by-side panes (drag left/right); 'horizontal': between stacked ones. */
  orientation: 'vertical' | 'horizontal';
  label: string;
  /** The size it controls, for assistive technology (any unit; min/max in the same one). */
  value: number;
  min: number;
  max: number;
  /** Pointer moved by `delta` CSS pixels along the splitter's axis since the drag began (or an arrow key). */
  onResize: (delta: number, phase: 'start' | 'move' | 'end') => void;
  /** Double-click or Enter: back to the default size. */
  onReset?: () => void;
  testId?: string;
};

/**
 * A draggable bar between two panes: pointer drag, or arrow keys (Shift for bigger steps) once focused;
 * Enter or a double-click restores the default. The owner turns deltas into sizes and keeps them.
 */
export function Splitter({ orientation, label, value, min, max, onResize, onReset, testId }: Props) {
  const origin = useRef<number | null>(null);
  const along = (e: { clientX: number; clientY: number }) =>
    orientation === 'vertical' ? e.clientX : e.clientY;

  const down = (e: PointerEvent<HTMLDivElement>) => {
    if (e.button !== 0) return;
    e.preventDefault();
    e.currentTarget.setPointerCapture(e.pointerId);
    origin.current = along(e);
    onResize(0, 'start');
  };
  const move = (e: PointerEvent<HTMLDivElement>) => {
    if (origin.current === null) return;
    onResize(along(e) - origin.current, 'move');
  };
  const up = (e: PointerEvent<HTMLDivElement>) => {
    if (origin.current === null) return;
    onResize(along(e) - origin.current, 'end');
    origin.current = null;
  };
  const key = (e: KeyboardEvent<HTMLDivElement>) => {
    const step = e.shiftKey ? 64 : 16;
    const back = orientation === 'vertical' ? 'ArrowLeft' : 'ArrowUp';
    const forward = orientation === 'vertical' ? 'ArrowRight' : 'ArrowDown';
    if (e.key === back || e.key === forward) {
      e.preventDefault();
      onResize(0, 'start');
      onResize(e.key === back ? -step : step, 'end');
    } else if (e.key === 'Enter' && onReset) {
      e.preventDefault();
      onReset();
    }
  };

  return (
    <div
      className={`splitter splitter-${orientation}`}
      role="separator"
      aria-orientation={orientation}
      aria-label={label}
      aria-valuenow={Math.round(value)}
      aria-valuemin={Math.round(min)}
      aria-valuemax={Math.round(max)}
      tabIndex={0}
      data-testid={testId}
      onPointerDown={down}
      onPointerMove={move}
      onPointerUp={up}
      onPointerCancel={up}
      onKeyDown={key}
      onDoubleClick={onReset}
    />
  );
}
