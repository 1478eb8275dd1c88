// Seeded random draws for the synthetic market (pure-rand xoroshiro128+): uniform, normal, unit-variance Student t.
import { uniformFloat64 } from "pure-rand/distribution/uniformFloat64";
import { xoroshiro128plus } from "pure-rand/generator/xoroshiro128plus";

type Rng = ReturnType<typeof xoroshiro128plus>;

/** A seeded stream of draws; the only source of randomness in the generator (no Math.random). */
export class Draws {
  private readonly rng: Rng;
  private spare = NaN;

  constructor(seed: number) {
    this.rng = xoroshiro128plus(seed);
  }

  uniform(): number {
    return uniformFloat64(this.rng);
  }

  /** Standard normal (Box-Muller, both outputs used). */
  normal(): number {
    if (!Number.isNaN(this.spare)) {
      const s = this.spare;
      this.spare = NaN;
      return s;
    }
    const u1 = 1 - this.uniform(); // (0, 1]
    const u2 = this.uniform();
    const r = Math.sqrt(-2 * Math.log(u1));
    this.spare = r * Math.sin(2 * Math.PI * u2);
    return r * Math.cos(2 * Math.PI * u2);
  }

  /** Student t with integer `df` > 2 degrees of freedom, scaled to unit variance (fat tails). */
  studentT(df: number): number {
    let chi2 = 0;
    for (let k = 0; k < df; k++) {
      const z = this.normal();
      chi2 += z * z;
    }
    return (this.normal() / Math.sqrt(chi2 / df)) * Math.sqrt((df - 2) / df);
  }
}
