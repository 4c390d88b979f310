// The engine's seeded randomness is the shared one, so generated fixtures match across layers.
export { seededRandom } from '../../shared/random';
