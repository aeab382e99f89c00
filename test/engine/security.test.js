'use strict';
const selfsigned = require('selfsigned');
const { startTestbed } = require('../support/simulator');
const { createEngine, simulatorCredential } = require('../support/engine');

const getStates = { resource: 'repository', operation: 'getStates', limit: 1 };

describe('TLS with a certificate for another host', () => {
	let bed;
	beforeAll(async () => {
		const pems = await selfsigned.generate([{ name: 'commonName', value: 'vbr.other.example' }], {
			keySize: 2048,
			algorithm: 'sha256',
			extensions: [{ name: 'subjectAltName', altNames: [{ type: 2, value: 'vbr.other.example' }] }],
		});
		bed = await startTestbed({
			protocol: 'https',
			certificate: { key: pems.private, cert: pems.cert },
		});
	});
	afterAll(async () => bed.close());

	it('fails strictly by default with a message that says what to do', async () => {
		const result = await createEngine(simulatorCredential(bed.sim)).execute(getStates);
		expect(result.error.message).toMatch(
			/^The TLS certificate of https:\/\/127\.0\.0\.1:\d+ is not trusted/,
		);
		expect(result.error.description).toMatch(/Ignore SSL Issues/);
		expect(await bed.requests()).toEqual([
			// Only the probe that reads the certificate to show its fingerprint: no token request, no secret.
			expect.objectContaining({
				method: 'GET',
				path: '/api/v1/serverInfo',
				headers: {},
				body: null,
			}),
		]);
	});

	it('is accepted with "Ignore SSL Issues" on', async () => {
		const result = await createEngine(
			simulatorCredential(bed.sim, { ignoreSslIssues: true }),
		).execute(getStates);
		expect(result.error).toBeUndefined();
		expect(result.json).toHaveLength(1);
	});
});

describe('removing backups when the node is an AI agent tool', () => {
	let bed;
	beforeAll(async () => {
		bed = await startTestbed();
	});
	afterAll(async () => bed.close());

	it('refuses a confirmation the agent fills in with $fromAI, and sends nothing', async () => {
		const id = bed.repositoryId('NFS Share Repo');
		await bed.sim.control.reset();
		await bed.clear();
		const result = await bed.engine.execute({
			resource: 'repository',
			operation: 'delete',
			repositoryId: { __rl: true, mode: 'id', value: id },
			// Outside an agent run, $fromAI yields its default: here, what an agent asking for it would say.
			deleteBackups:
				"={{ $fromAI('deleteBackups', 'Also delete the backup files', 'boolean', true) }}",
			confirmDeleteBackups:
				"={{ $fromAI('confirm', 'Confirm deleting backups', 'boolean', true) }}",
		});
		expect(result.error.name).toBe('NodeOperationError');
		expect(result.error.message).toBe('Deleting backups cannot be confirmed by an AI agent');
		expect(await bed.requests()).toEqual([]);
		expect(bed.sim.store.repositories.has(id)).toBe(true);
	});

	it('still removes without backups when the agent only names the repository', async () => {
		await bed.sim.control.reset();
		const id = bed.repositoryId('NFS Share Repo');
		const result = await bed.engine.execute({
			resource: 'repository',
			operation: 'delete',
			repositoryId: { __rl: true, mode: 'id', value: `={{ "${id}" }}` },
			confirmDeleteBackups: "={{ $fromAI('confirm', 'Confirm deleting backups', 'boolean') }}",
		});
		expect(result.error).toBeUndefined();
		expect(result.json[0]).toEqual(
			expect.objectContaining({ removed: true, backupsDeleted: false }),
		);
	});
});
