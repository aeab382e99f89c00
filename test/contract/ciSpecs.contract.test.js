// @ts-check
'use strict';

/**
 * .ci/run must fail, not skip, when one of the four official specs is missing. The script is run from a copy in
 * an empty temporary folder (so a broken check could never reach `npm ci` in this worktree), against a spec
 * folder that holds links to all specs but one.
 */
const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawnSync } = require('child_process');
const { specDir } = require('../support/openapi');

const SPECS = ['vbr_rest_1.2-rev1.json', 'vbr_rest_1.3-rev0.json', 'vbr_rest_1.3-rev1.json', 'vbr_rest_1.3-rev2.json'];

describe('.ci/run spec check', () => {
	test.each(SPECS)('fails when %s is missing', (missing) => {
		const root = fs.mkdtempSync(path.join(os.tmpdir(), 'ci-specs-'));
		try {
			fs.mkdirSync(path.join(root, '.ci'));
			fs.copyFileSync(path.join(__dirname, '../../.ci/run'), path.join(root, '.ci/run'));
			const specs = path.join(root, 'specs');
			fs.mkdirSync(specs);
			for (const s of SPECS.filter((x) => x !== missing)) fs.symlinkSync(path.join(specDir(), s), path.join(specs, s));
			const run = spawnSync('bash', [path.join(root, '.ci/run')], {
				env: { ...process.env, VEEAM_OPENAPI_DIR: specs, PATH: '/usr/bin:/bin' },
				encoding: 'utf8',
				timeout: 20000,
			});
			expect(run.status).toBe(1);
			expect(run.stderr).toContain(`${specs}/${missing} is missing`);
			// It stopped at the check: nothing after it ran.
			expect(run.stdout).not.toMatch(/v\d+\.\d+/);
		} finally {
			fs.rmSync(root, { recursive: true, force: true });
		}
	});
});
