/**
 * Most referring pages listed per broken link: `parent` plus up to 999 in `alsoOn`. `referrerCount` counts every
 * referring page, also past the cap.
 */
export const MAX_REFERRERS = 1000;

/**
 * The pages that link to one URL, in the order they were read: the first (`parent`), the others (`alsoOn`, up to
 * {@link MAX_REFERRERS} in all) and how many there are. A page's links are discovered together, one page at a time,
 * so a page linking twice is told apart from a new page by comparing with the last page seen.
 */
export class Referrers {
  private others: string[] = [];
  private last: string | null;
  private listing = true;
  /** Distinct pages that link here (the first included). */
  count: number;

  constructor(readonly first: string | null) {
    this.last = first;
    this.count = first === null ? 0 : 1;
  }

  /** Records that `page` links here. */
  add(page: string): void {
    if (page === this.last || page === this.first) return;
    this.last = page;
    this.count += 1;
    if (this.listing && this.others.length < MAX_REFERRERS - 1) this.others.push(page);
  }

  /** The link turned out fine: stop keeping its pages (they are only reported for broken links). */
  release(): void {
    this.listing = false;
    this.others = [];
  }

  /** Referring pages other than the first, in the order found. */
  get alsoOn(): readonly string[] {
    return this.others;
  }
}
