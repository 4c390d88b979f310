import { useCallback, useEffect, useRef, useState } from 'react';
import type { PaneSizes } from './layout-state';
import { DEFAULT_SIZES, fitSizes, readSizes, writeSizes } from './layout-state';

const storage = (): Storage | undefined => {
  try {
    return typeof localStorage === 'undefined' ? undefined : localStorage;
  } catch {
    return undefined;
  }
};

const windowSize = () =>
  typeof window === 'undefined'
    ? { width: 1280, height: 800 }
    : { width: window.innerWidth, height: window.innerHeight };

/**
 * The pane sizes the person chose (remembered across reloads), fitted to the window as it is now,
 * and the window's width (which decides how the panes are arranged).
 */
export function usePaneSizes() {
  const [stored, setStored] = useState<PaneSizes>(() => readSizes(storage()));
  const [win, setWin] = useState(windowSize);
  useEffect(() => {
    const onResize = () => setWin(windowSize());
    window.addEventListener('resize', onResize);
    return () => window.removeEventListener('resize', onResize);
  }, []);
  const sizes = fitSizes(stored, win.width, win.height);
  // The size a drag started from: deltas are measured from there, not from the last move.
  const origin = useRef<PaneSizes>(sizes);

  const resize = useCallback(
    (key: keyof PaneSizes, toValue: (start: number) => number, phase: 'start' | 'move' | 'end') => {
      setStored((current) => {
        const fitted = fitSizes(current, window.innerWidth, window.innerHeight);
        if (phase === 'start') {
          origin.current = fitted;
          return current;
        }
        const next = fitSizes(
          { ...fitted, [key]: toValue(origin.current[key]) },
          window.innerWidth,
          window.innerHeight,
        );
        if (phase === 'end') writeSizes(storage(), next);
        return next;
      });
    },
    [],
  );

  const reset = useCallback((key: keyof PaneSizes) => {
    setStored((current) => {
      const next = { ...current, [key]: DEFAULT_SIZES[key] };
      writeSizes(storage(), next);
      return next;
    });
  }, []);

  return { sizes, width: win.width, height: win.height, resize, reset };
}
