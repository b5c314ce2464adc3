import { checkGuideTable } from './fixtures/check-guide-table.ts';
import { EARLIER_EDITION_ROWS } from './fixtures/guide-tables.ts';

for (const table of EARLIER_EDITION_ROWS) checkGuideTable(table);
