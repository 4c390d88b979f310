import './progress-bar.css';

/**
 * A progress bar: filled to `fraction` (0-1), or a sliding indeterminate bar when the total is not
 * known (null). `className` adds the caller's spacing and states.
 */
export function ProgressBar({
  fraction,
  label,
  className,
}: {
  fraction: number | null;
  label: string;
  className?: string | undefined;
}) {
  const classes = ['progress', fraction === null && 'is-indeterminate', className].filter(Boolean).join(' ');
  return (
    <div
      className={classes}
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={fraction === null ? undefined : Math.round(fraction * 100)}
    >
      <div
        className="progress-fill"
        style={{ width: fraction === null ? undefined : `${fraction * 100}%` }}
      />
    </div>
  );
}
