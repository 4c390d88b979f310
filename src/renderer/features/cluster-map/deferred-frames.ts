/**
 * Pan and zoom without redrawing, for WebGL that runs on the CPU (SwiftShader, llvmpipe: machines
 * without a usable GPU, virtual machines, remote desktops). There a large map takes about a second
 * per frame, nearly all of it vertex work for the points. While the view moves, the last frame is
 * moved and scaled with a CSS transform instead (the compositor does that at display rate), and the
 * points are drawn once the view has been still for a moment and no button is held. With a GPU
 * every frame is drawn. (After a zoom the topic labels are re-placed in one more frame: deck.gl's
 * layers learn of a new viewport when it is drawn.)
 */

/** An OrthographicView state with flipY false: the world point at the centre, and log2 pixels per unit. */
export type OrthoView = { target: readonly number[]; zoom: number };

/**
 * Whether WebGL runs on the CPU: luma.gl's `gpuType` says so for SwiftShader; Mesa's llvmpipe and
 * softpipe and Windows' Basic Render Driver are told by their renderer strings (also behind ANGLE).
 */
export function isSoftwareRenderer(info: { gpuType?: string; renderer?: string; vendor?: string }): boolean {
  if (info.gpuType === 'cpu') return true;
  return /llvmpipe|softpipe|swiftshader|basic render driver|software rasterizer/i.test(
    `${info.vendor ?? ''} ${info.renderer ?? ''}`,
  );
}

/** Point counts from which software rendering defers frames (below, a frame costs under ~0.1 s). */
export const DEFER_MIN_POINTS = 10_000;

/** How long the view must be still before the points are drawn again. */
export const SETTLE_MS = 300;

/**
 * The translation (pixels) and scale, about the canvas centre, that put a frame drawn at `drawn`
 * where `current` would draw it: x grows to the right, world y upwards (flipY false).
 */
export function frameTransform(
  drawn: OrthoView,
  current: OrthoView,
): { dx: number; dy: number; scale: number } {
  const pixels = 2 ** current.zoom;
  return {
    dx: (drawn.target[0]! - current.target[0]!) * pixels,
    dy: -(drawn.target[1]! - current.target[1]!) * pixels,
    scale: 2 ** (current.zoom - drawn.zoom),
  };
}

const sameView = (a: OrthoView, b: OrthoView) =>
  a.zoom === b.zoom && a.target[0] === b.target[0] && a.target[1] === b.target[1];

type Options = {
  /** The element the transform applies to (deck.gl's canvas). */
  canvas: () => HTMLElement | null;
  /** Draws the layers now (deck.gl's own drawing). */
  draw: (reason: string) => void;
  /** The view the controller has reached. */
  view: () => OrthoView;
  /** True while a gesture is still in progress (a button held): the redraw waits for its end. */
  busy: () => boolean;
  /** Called after each moved (not drawn) frame. */
  onMoved?: () => void;
  settleMs?: number;
};

/** Decides per frame whether to draw or to move the last frame; see the module comment. */
export class DeferredFrames {
  /** Set once the device is known to render on the CPU and the map is large enough. */
  enabled = false;
  private drawn: OrthoView | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(private readonly o: Options) {}

  /** deck.gl's `_customRender`: a frame is due. */
  render(reason: string): void {
    const view = this.o.view();
    if (!this.enabled || !this.drawn) return this.drawNow(reason, view);
    // An unmoved view draws at once (a new highlight, say), unless a gesture has just begun.
    if (sameView(view, this.drawn) && !this.o.busy()) return this.drawNow(reason, view);
    const t = frameTransform(this.drawn, view);
    const el = this.o.canvas();
    if (el) {
      el.style.transformOrigin = '50% 50%';
      el.style.transform = `translate(${t.dx}px, ${t.dy}px) scale(${t.scale})`;
    }
    this.o.onMoved?.();
    this.schedule();
  }

  dispose(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }

  private schedule(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      if (this.o.busy()) this.schedule();
      else this.drawNow('view settled', this.o.view());
    }, this.o.settleMs ?? SETTLE_MS);
  }

  private drawNow(reason: string, view: OrthoView): void {
    this.dispose();
    // Dropped in the same task as the draw, so the new frame and the untransformed canvas show together.
    const el = this.o.canvas();
    if (el && el.style.transform) el.style.transform = '';
    this.drawn = { target: [view.target[0]!, view.target[1]!], zoom: view.zoom };
    this.o.draw(reason);
  }
}
