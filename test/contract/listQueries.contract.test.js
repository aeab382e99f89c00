'use strict';
// The sort columns the node offers per revision (nodes/VeeamRepository/helpers/sortColumns.ts) are exactly
// each official spec's orderColumn enum: nothing a revision lacks is sent, nothing it has is missing.
const {
	REPOSITORY_SORT_COLUMNS,
	REPOSITORY_STATES_SORT_COLUMNS,
	SCALE_OUT_SORT_COLUMNS,
} = require('../../nodes/VeeamRepository/helpers/sortColumns.ts');
const { API_VERSIONS } = require('../../nodes/shared/types.ts');
const { loadSpec } = require('../support/openapi');

const LISTS = [
	['ERepositoryFiltersOrderColumn', REPOSITORY_SORT_COLUMNS],
	['ERepositoryStatesFiltersOrderColumn', REPOSITORY_STATES_SORT_COLUMNS],
	['EScaleOutRepositoryFiltersOrderColumn', SCALE_OUT_SORT_COLUMNS],
];

const allowedOn = (columns, version) =>
	Object.entries(columns)
		.filter(([, first]) => API_VERSIONS.indexOf(version) >= API_VERSIONS.indexOf(first))
		.map(([column]) => column);

describe.each(['1.2-rev1', '1.3-rev0', '1.3-rev1', '1.3-rev2'])(
	'sort columns on API %s',
	(version) => {
		it.each(LISTS)('%s matches the spec', (enumName, columns) => {
			const spec = loadSpec(version).spec;
			expect(allowedOn(columns, version).sort()).toEqual(
				[...spec.components.schemas[enumName].enum].sort(),
			);
		});
	},
);
