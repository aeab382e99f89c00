import type { SortColumns } from './listOptions';

/*
 * The orderColumn values of each list, with the first revision whose spec has them
 * (test/contract/listQueries.contract.test.ts compares them with every spec).
 */

/** ERepositoryFiltersOrderColumn: the same in every revision. */
export const REPOSITORY_SORT_COLUMNS: SortColumns = {
	Name: '1.2-rev1',
	Description: '1.2-rev1',
	Type: '1.2-rev1',
	Host: '1.2-rev1',
	Path: '1.2-rev1',
};

/** ERepositoryStatesFiltersOrderColumn: Membership since 1.3, Status (online state) since 1.3-rev2. */
export const REPOSITORY_STATES_SORT_COLUMNS: SortColumns = {
	Name: '1.2-rev1',
	Type: '1.2-rev1',
	Host: '1.2-rev1',
	Path: '1.2-rev1',
	CapacityGB: '1.2-rev1',
	FreeGB: '1.2-rev1',
	UsedSpaceGB: '1.2-rev1',
	Description: '1.2-rev1',
	Membership: '1.3-rev0',
	Status: '1.3-rev2',
};

/** EScaleOutRepositoryFiltersOrderColumn: EncryptionState since 1.3. */
export const SCALE_OUT_SORT_COLUMNS: SortColumns = {
	Name: '1.2-rev1',
	Description: '1.2-rev1',
	Type: '1.2-rev1',
	Host: '1.2-rev1',
	Path: '1.2-rev1',
	EncryptionState: '1.3-rev0',
};
