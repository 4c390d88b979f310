import { useEffect, useId, useLayoutEffect, useRef, useState } from 'react';
import type { KeyboardEvent, ReactNode, RefObject } from 'react';
import { createPortal } from 'react-dom';
import './modal-dialog.css';

const FOCUSABLE = [
  'a[href]',
  'button:not([disabled])',
  'input:not([disabled]):not([type="hidden"])',
  'select:not([disabled])',
  'textarea:not([disabled])',
  '[tabindex]:not([tabindex="-1"])',
].join(',');

/** The elements Tab visits inside `root`, in document order. */
export function focusableIn(root: HTMLElement): HTMLElement[] {
  return Array.from(root.querySelectorAll<HTMLElement>(FOCUSABLE)).filter((el) => !el.hidden);
}

type Props = {
  title: ReactNode;
  onClose: () => void;
  children: ReactNode;
  /** Where focus goes on opening; the first focusable element when left out. */
  initialFocus?: RefObject<HTMLElement | null>;
  className?: string;
  /** id of the element describing the dialog, for aria-describedby. */
  describedBy?: string;
};

/**
 * A modal dialog over the page: rendered into <body> (so a hidden tab panel cannot hide it), Tab and
 * Shift+Tab stay inside, Escape or a click on the backdrop closes it, and focus goes back to whatever
 * had it when the dialog opened. Keys pressed inside do not reach the page's shortcuts.
 */
export function ModalDialog({ title, onClose, children, initialFocus, className, describedBy }: Props) {
  const titleId = useId();
  const dialogRef = useRef<HTMLDivElement>(null);
  // Read during the first render, before anything in the dialog can take focus.
  const openerRef = useRef<Element | null>(typeof document === 'undefined' ? null : document.activeElement);
  const onCloseRef = useRef(onClose);
  const closing = useRef(false);
  onCloseRef.current = onClose;
  // Focus moves once per opening, to the initial-focus element as it was then, not when it re-renders.
  const [firstFocus] = useState(initialFocus);

  useLayoutEffect(() => {
    const dialog = dialogRef.current;
    if (!dialog) return;
    const target = firstFocus?.current ?? focusableIn(dialog)[0] ?? dialog;
    target.focus();
    closing.current = false;
    const opener = openerRef.current;
    return () => {
      closing.current = true;
      if (opener instanceof HTMLElement && opener.isConnected) opener.focus();
    };
  }, [firstFocus]);

  // Focus that escapes by other means (a click on the page behind) is pulled back in.
  useEffect(() => {
    const onFocusIn = (e: FocusEvent) => {
      const dialog = dialogRef.current;
      if (dialog && !closing.current && e.target instanceof Node && !dialog.contains(e.target)) {
        (focusableIn(dialog)[0] ?? dialog).focus();
      }
    };
    document.addEventListener('focusin', onFocusIn);
    return () => document.removeEventListener('focusin', onFocusIn);
  }, []);

  // Escape with the focus on nothing (a button that went away leaves it on the page's body) closes
  // the dialog too; inside it, the handler below takes the key first.
  useEffect(() => {
    const onKey = (e: globalThis.KeyboardEvent) => {
      if (e.key !== 'Escape' || e.defaultPrevented) return;
      const at = document.activeElement;
      if (at && at !== document.body) return;
      e.preventDefault();
      onCloseRef.current();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    e.stopPropagation();
    if (e.key === 'Escape') {
      e.preventDefault();
      onCloseRef.current();
      return;
    }
    if (e.key !== 'Tab') return;
    const dialog = dialogRef.current;
    if (!dialog) return;
    const items = focusableIn(dialog);
    if (items.length === 0) {
      e.preventDefault();
      return;
    }
    const first = items[0]!;
    const last = items[items.length - 1]!;
    const at = document.activeElement;
    if (e.shiftKey && (at === first || at === dialog)) {
      e.preventDefault();
      last.focus();
    } else if (!e.shiftKey && at === last) {
      e.preventDefault();
      first.focus();
    }
  };

  return createPortal(
    <div
      className="modal-backdrop"
      onMouseDown={(e) => {
        if (e.target === e.currentTarget) onCloseRef.current();
      }}
    >
      <div
        ref={dialogRef}
        className={`modal-dialog${className ? ` ${className}` : ''}`}
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        aria-describedby={describedBy}
        tabIndex={-1}
        onKeyDown={onKeyDown}
      >
        <h2 id={titleId} className="modal-title">
          {title}
        </h2>
        {children}
      </div>
    </div>,
    document.body,
  );
}
