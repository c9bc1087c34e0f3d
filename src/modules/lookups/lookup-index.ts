/**
 * The hot index of active verdicts: built at start from the library, kept current as claims
 * change, answering in well under a microsecond in process. Phones live in the compact PhoneTable; other
 * types in one Map per type. Entries pack both audiences' verdicts and scores into one 32-bit word and
 * an interned reasons list id, so millions of values cost tens of bytes each.
 */
import { VERDICTS, type ResourceRecord, type ResourceType, type Verdict } from '../library/library.types.ts';
import { PhoneTable, phoneKey } from './phone-table.ts';

/** What the index keeps of a value: both audiences' verdicts and scores, the fraud type and the reasons. */
export type IndexEntry = Pick<
  ResourceRecord,
  'verdictPublic' | 'scorePublic' | 'verdictMembers' | 'scoreMembers' | 'fraudType' | 'reasons'
>;

export interface IndexUpdate extends IndexEntry {
  readonly type: ResourceType;
  readonly normalized: string;
  /** A domain's registrable domain, when it is a host under one (`www.example.com` → `example.com`). */
  readonly registrableDomain?: string | undefined;
}

const verdictCode = (v: Verdict): number => VERDICTS.indexOf(v);
const score7 = (s: number): number => Math.max(0, Math.min(100, Math.round(s * 100)));

export class LookupIndex {
  private readonly phones = new PhoneTable(1 << 16);
  private readonly others = new Map<ResourceType, Map<string, number>>();
  private readonly fraudTypes: (string | null)[] = [null];
  private readonly fraudTypeIds = new Map<string, number>();
  private readonly reasonSets: (readonly string[])[] = [[]];
  private readonly reasonSetIds = new Map<string, number>([['[]', 0]]);
  /**
   * A reasons array interned before and its id: a bulk import hands the same array (the fresh scorer's memo)
   * to thousands of values in a row, and an identity check costs less than serialising it for the map.
   */
  private lastReasons: readonly string[] | undefined;
  private lastReasonsId = 0;
  private version = 0;

  /** How many changes have been applied (a cheap way for callers to see the index move). */
  get changeCount(): number {
    return this.version;
  }

  get size(): number {
    let n = this.phones.size;
    for (const m of this.others.values()) n += m.size;
    return n;
  }

  get phoneBytes(): number {
    return this.phones.bytes;
  }

  /** Bank account numbers listed with their institution (`BKCHHKHH:0123…`) → those listings' keys. */
  private readonly bankListings = new Map<string, Set<string>>();
  /** Registrable domains → the hosts under them that have entries. */
  private readonly hosts = new Map<string, Set<string>>();

  /** The keys under which institutions list this bare account number (`BKCHHKHH:0123…`, `TW-822:0123…`). */
  bankListingsOf(number: string): readonly string[] {
    const keys = this.bankListings.get(number);
    return keys ? [...keys] : [];
  }

  /** The hosts under a registrable domain that have entries of their own. */
  hostsUnder(registrableDomain: string): readonly string[] {
    const hosts = this.hosts.get(registrableDomain);
    return hosts ? [...hosts] : [];
  }

  private remember(map: Map<string, Set<string>>, key: string, member: string): void {
    let set = map.get(key);
    if (!set) {
      set = new Set();
      map.set(key, set);
    }
    set.add(member);
  }

  set(u: IndexUpdate): void {
    const a = this.pack(u);
    const b = this.internReasons(u.reasons);
    this.version++;
    if (u.type === 'bank') {
      const colon = u.normalized.lastIndexOf(':');
      if (colon > 0) this.remember(this.bankListings, u.normalized.slice(colon + 1), u.normalized);
    } else if (u.type === 'domain' && u.registrableDomain && u.registrableDomain !== u.normalized) {
      this.remember(this.hosts, u.registrableDomain, u.normalized);
    }
    if (u.type === 'phone') {
      const k = phoneKey(u.normalized);
      if (k > 0) return this.phones.set(k, a, b);
    }
    let m = this.others.get(u.type);
    if (!m) {
      m = new Map<string, number>();
      this.others.set(u.type, m);
    }
    m.set(u.normalized, this.storePair(a, b));
  }

  get(type: ResourceType, normalized: string): IndexEntry | undefined {
    if (type === 'phone') {
      const k = phoneKey(normalized);
      if (k > 0) {
        const slot = this.phones.find(k);
        return slot < 0 ? undefined : this.unpack(this.phones.aAt(slot), this.phones.bAt(slot));
      }
    }
    const packed = this.others.get(type)?.get(normalized);
    if (packed === undefined) return undefined;
    return this.unpack(Math.floor(packed / 65536), packed % 65536);
  }

  private storePair(a: number, b: number): number {
    // a < 2^25 and b < 2^16, so a·2^16 + b < 2^41: exact in a double.
    if (b >= 65536) throw new Error('too many distinct reason sets');
    return a * 65536 + b;
  }

  private pack(u: IndexEntry): number {
    let ft = 0;
    if (u.fraudType) {
      ft = this.fraudTypeIds.get(u.fraudType) ?? 0;
      if (ft === 0 && this.fraudTypes.length < 63) {
        ft = this.fraudTypes.length;
        this.fraudTypes.push(u.fraudType);
        this.fraudTypeIds.set(u.fraudType, ft);
      }
    }
    return (
      verdictCode(u.verdictPublic) |
      (verdictCode(u.verdictMembers) << 2) |
      (score7(u.scorePublic) << 4) |
      (score7(u.scoreMembers) << 11) |
      (ft << 18)
    );
  }

  /** Decoded entries by packed value: few distinct combinations exist, so lookups allocate nothing. */
  private readonly decoded = new Map<number, IndexEntry>();

  private unpack(a: number, b: number): IndexEntry {
    const packed = a * 65536 + b;
    const hit = this.decoded.get(packed);
    if (hit) return hit;
    if (this.decoded.size > 100_000) this.decoded.clear();
    const e = this.decode(a, b);
    this.decoded.set(packed, e);
    return e;
  }

  private decode(a: number, b: number): IndexEntry {
    return {
      verdictPublic: VERDICTS[a & 3] ?? 'unknown',
      verdictMembers: VERDICTS[(a >>> 2) & 3] ?? 'unknown',
      scorePublic: ((a >>> 4) & 127) / 100,
      scoreMembers: ((a >>> 11) & 127) / 100,
      fraudType: this.fraudTypes[(a >>> 18) & 63] ?? null,
      reasons: this.reasonSets[b] ?? [],
    };
  }

  private internReasons(reasons: readonly string[]): number {
    if (reasons === this.lastReasons) return this.lastReasonsId;
    const k = JSON.stringify(reasons);
    let id = this.reasonSetIds.get(k);
    if (id === undefined) {
      id = this.reasonSets.length;
      if (id >= 65535) return 0; // pathological variety: keep the verdict, drop the reasons
      this.reasonSets.push(reasons);
      this.reasonSetIds.set(k, id);
    }
    // Remembered by identity only when the index holds this very array: a read of the id then returns it,
    // exactly what a lookup of its serialised form would.
    if (this.reasonSets[id] === reasons) {
      this.lastReasons = reasons;
      this.lastReasonsId = id;
    }
    return id;
  }
}
