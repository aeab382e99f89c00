/** @type {import('jest').Config} */
module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test'],
	testMatch: ['**/*.test.js', '**/*.test.ts'],
	transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'test/tsconfig.json' }] },
	setupFiles: ['<rootDir>/test/support/env.js'],
	testTimeout: 60000,
	// Each integration test file starts its own simulator on an ephemeral port; two workers fit two cores.
	maxWorkers: 2,
};
