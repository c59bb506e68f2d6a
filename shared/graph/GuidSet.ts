/**
 * A compact set of directory object ids, for the synced-user id set that lives during collection.
 *
 * A million-user tenant has hundreds of thousands of synced users; as a Set<string> their ids cost
 * about 100 bytes each, a real share of a Flex Consumption instance. Here a GUID is four 32-bit
 * words in an open-addressing table (16 bytes a slot at most 75% full). Anything that is not a GUID
 * (Graph ids always are, but the set must not be wrong if one is not) goes to a plain Set.
 */

import { isGuid } from "../guid.js";

/** What readers of an id set need. A Set<string> satisfies it too. */
export interface ReadonlyIdSet {
  has(id: string): boolean;
  readonly size: number;
}

const WORDS = 4;
const MAX_LOAD = 0.75;

export class GuidSet implements ReadonlyIdSet {
  private table: Uint32Array;
  private slots: number;
  private guids = 0;
  private readonly others = new Set<string>();
  private readonly words = new Uint32Array(WORDS);

  constructor(expected = 1024) {
    this.slots = capacityFor(expected);
    this.table = new Uint32Array(this.slots * WORDS);
  }

  get size(): number {
    return this.guids + this.others.size;
  }

  add(id: string): this {
    if (!toWords(id, this.words)) {
      this.others.add(id);
      return this;
    }
    if ((this.guids + 1) / this.slots > MAX_LOAD) this.grow();
    if (this.insert(this.words)) this.guids++;
    return this;
  }

  has(id: string): boolean {
    if (!toWords(id, this.words)) return this.others.has(id);
    return this.find(this.words) >= 0;
  }

  /** Every id, in no particular order; GUIDs in lower case. */
  forEach(visit: (id: string) => void): void {
    const t = this.table;
    for (let at = 0; at < t.length; at += WORDS) {
      if (isEmpty(t, at)) continue;
      const hex = Array.from(t.subarray(at, at + WORDS), (w) => w.toString(16).padStart(8, "0")).join("");
      visit(`${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`);
    }
    this.others.forEach((id) => visit(id));
  }

  private find(w: Uint32Array): number {
    const mask = this.slots - 1;
    for (let slot = hash(w) & mask; ; slot = (slot + 1) & mask) {
      const at = slot * WORDS;
      const t = this.table;
      if (t[at] === w[0] && t[at + 1] === w[1] && t[at + 2] === w[2] && t[at + 3] === w[3]) return slot;
      if (isEmpty(t, at)) return -1;
    }
  }

  /** false when already present. */
  private insert(w: Uint32Array): boolean {
    const mask = this.slots - 1;
    for (let slot = hash(w) & mask; ; slot = (slot + 1) & mask) {
      const at = slot * WORDS;
      const t = this.table;
      if (isEmpty(t, at)) {
        t.set(w, at);
        return true;
      }
      if (t[at] === w[0] && t[at + 1] === w[1] && t[at + 2] === w[2] && t[at + 3] === w[3]) return false;
    }
  }

  private grow(): void {
    const old = this.table;
    this.slots *= 2;
    this.table = new Uint32Array(this.slots * WORDS);
    const w = new Uint32Array(WORDS);
    for (let at = 0; at < old.length; at += WORDS) {
      if (isEmpty(old, at)) continue;
      w.set(old.subarray(at, at + WORDS));
      this.insert(w);
    }
  }
}

/** The all-zero GUID marks an empty slot, so it is kept with the non-GUIDs. */
function toWords(id: string, out: Uint32Array): boolean {
  if (!isGuid(id)) return false;
  const hex = id.replace(/-/g, "");
  for (let i = 0; i < WORDS; i++) out[i] = parseInt(hex.slice(i * 8, i * 8 + 8), 16) >>> 0;
  return out[0] !== 0 || out[1] !== 0 || out[2] !== 0 || out[3] !== 0;
}

function isEmpty(t: Uint32Array, at: number): boolean {
  return t[at] === 0 && t[at + 1] === 0 && t[at + 2] === 0 && t[at + 3] === 0;
}

function hash(w: Uint32Array): number {
  let h = Math.imul(w[0]! ^ 0x9e3779b9, 0x85ebca6b);
  h = Math.imul(h ^ w[1]! ^ (h >>> 13), 0xc2b2ae35);
  h = Math.imul(h ^ w[2]! ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ w[3]! ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

function capacityFor(expected: number): number {
  let slots = 16;
  while (slots * MAX_LOAD < expected) slots *= 2;
  return slots;
}
