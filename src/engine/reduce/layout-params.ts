import { DEFAULTS, MAP_COMPONENTS } from '../../shared/params';
import type { LayoutParams, ReduceRunParams } from '../../shared/params';
import type { LayoutSpec, ReduceProjectOptions } from './reduce-project';

/** One layout's parameters, as the schema names them, as a LayoutSpec with the schema's defaults. */
export function layoutSpecOf(p: LayoutParams): LayoutSpec {
  return {
    components: p.components ?? DEFAULTS.components,
    neighbors: p.neighbors ?? DEFAULTS.neighbors,
    minDist: p.minDist ?? DEFAULTS.minDist,
    spread: p.spread ?? DEFAULTS.spread,
    seed: p.seed ?? DEFAULTS.seed,
    ...(p.epochs !== undefined ? { epochs: p.epochs } : {}),
    ...(p.learningRate !== undefined ? { learningRate: p.learningRate } : {}),
    ...(p.negativeSampleRate !== undefined ? { negativeSampleRate: p.negativeSampleRate } : {}),
    ...(p.repulsionStrength !== undefined ? { repulsionStrength: p.repulsionStrength } : {}),
    knn: p.knn ?? DEFAULTS.knn,
    init: p.init ?? DEFAULTS.init,
    ...(p.probes !== undefined ? { probes: p.probes } : {}),
  };
}

/** A reduce run's parameters as reduceProject's options: the clustering layout, then the 2-d map unless `map` is false. */
export function reduceOptionsOf(p: ReduceRunParams): ReduceProjectOptions {
  const main = layoutSpecOf(p);
  const layouts: LayoutSpec[] = [main];
  if (p.map ?? DEFAULTS.map)
    layouts.push({
      ...main,
      repulsionStrength: 'auto',
      components: MAP_COMPONENTS,
      neighbors: p.mapNeighbors ?? DEFAULTS.mapNeighbors,
      minDist: p.mapMinDist ?? DEFAULTS.mapMinDist,
    });
  return {
    ...(p.set !== undefined ? { setId: p.set } : {}),
    metric: p.metric ?? DEFAULTS.metric,
    layouts,
    ...(p.name !== undefined ? { name: p.name } : {}),
  };
}
