// The n8n editor in a real browser: headless Chromium from Debian, driven by playwright-core,
// against `n8n start` (pinned 2.41.1) with the package installed as a community package and a
// credential pointing at the VBR simulator over HTTPS (self-signed, Ignore SSL Issues on).
//
// It signs in as the owner, creates a workflow, adds the Veeam Repository node from the node panel,
// checks that the resources, each resource's operations and the repository list (searched on the
// VBR side) render, and that the credential test succeeds. It saves the README screenshots to
// docs/screenshots/ (VEEAM_E2E_SCREENSHOTS elsewhere). Steps run in order on one page; after a
// failed step the rest are skipped, and the failure leaves a screenshot in the temp folder.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';

import { ROOT } from '../../scripts/n8n/config.mjs';
import { freePort } from '../../scripts/n8n/instance.mjs';
import { SCREENSHOT_DIR, closeSelect, launchBrowser, openSelect, option, optionNames, requireChromium, screenshot, waitForValue } from './support/browser.mjs';
import { startBed } from './support/harness.mjs';

const require = createRequire(import.meta.url);

const CRED = { id: 'e2eEditor', name: 'VBR simulator' };
const OWNER = { email: 'owner@example.com', password: 'Veeam-n8n-E2e-Test1' };
const SHOTS = {
	search: 'editor-node-panel-search',
	actions: 'editor-node-panel-actions',
	operations: 'editor-node-operations',
	list: 'editor-resource-locator-list',
	credential: 'editor-credential-test',
};
const FAILURES = path.join(os.tmpdir(), 'veeam-e2e-editor-failures');

/** What the editor must show, read from the built node's own description in dist/. */
function expectedUi() {
	const { VeeamRepository } = require(path.join(ROOT, 'dist', 'nodes', 'VeeamRepository', 'VeeamRepository.node.js'));
	const { properties } = new VeeamRepository().description;
	const resource = properties.find((p) => p.name === 'resource');
	const resources = resource.options.map((o) => ({ name: o.name, value: o.value }));
	const operations = {};
	for (const r of resources) {
		const op = properties.find((p) => p.name === 'operation' && p.displayOptions?.show?.resource?.includes(r.value));
		operations[r.value] = op.options.map((o) => ({ name: o.name, action: o.action }));
	}
	return { resources, operations, actions: Object.values(operations).flat().map((o) => o.action) };
}

let bed;
let n8n;
let browser;
let page;
let url;
let failed;
const listCalls = [];

/** One step of the walk through the editor; later steps are skipped once one fails. */
function step(name, fn) {
	it(name, async (t) => {
		if (failed) return t.skip(`an earlier step failed (${failed})`);
		try {
			await fn();
		} catch (e) {
			failed = name;
			const notes = [];
			if (page) {
				fs.mkdirSync(FAILURES, { recursive: true });
				const file = path.join(FAILURES, `${name.replace(/[^a-z0-9]+/gi, '-')}.png`);
				await page.screenshot({ path: file }).then(
					() => notes.push(`screenshot of the failure: ${file}`),
					() => {},
				);
				notes.push(`page at ${page.url()}`);
			}
			if (browser?.problems.length) notes.push(`browser errors:\n  ${browser.problems.slice(-15).join('\n  ')}`);
			const logFile = path.join(bed?.n8n.userFolder ?? '', 'n8n.log');
			if (fs.existsSync(logFile)) notes.push(`n8n log (tail):\n${fs.readFileSync(logFile, 'utf8').split('\n').slice(-25).join('\n')}`);
			e.message = `${e.message}\n${notes.join('\n')}`;
			throw e;
		}
	});
}

describe('the n8n editor in Chromium', { timeout: 420_000 }, () => {
	let expected;

	before(async () => {
		requireChromium();
		// The simulator on VBR's own port when it is free: the credential screenshot shows :9419.
		bed = await startBed({ simulator: { port: await freePort(9419) } });
		expected = expectedUi(); // after startBed: run on its own, this file builds dist/ there
		// The owner account exists from the start, as with `npm start`: no setup screen.
		Object.assign(bed.n8n.extraEnv, {
			N8N_INSTANCE_OWNER_MANAGED_BY_ENV: 'true',
			N8N_INSTANCE_OWNER_EMAIL: OWNER.email,
			N8N_INSTANCE_OWNER_FIRST_NAME: 'Veeam',
			N8N_INSTANCE_OWNER_LAST_NAME: 'Admin',
			N8N_INSTANCE_OWNER_PASSWORD_HASH: bed.n8n.hashPassword(OWNER.password),
		});
		await bed.n8n.importCredentials([bed.simCredential(CRED.id, CRED.name)]);
		n8n = await bed.n8n.start({ port: await freePort() });
		url = n8n.url;
		browser = await launchBrowser();
		page = browser.page;
		// Every answer of the resource locator's list search (the list may load before it is opened).
		page.on('response', (r) => {
			if (r.url().includes('/rest/dynamic-node-parameters/resource-locator-results')) listCalls.push({ status: r.status(), body: r.request().postData() ?? '' });
		});
	});

	after(async () => {
		// Each one even when another fails: no browser, n8n or simulator is left running.
		const errors = [];
		for (const stop of [() => browser?.close(), () => (n8n ?? bed?.n8n.current)?.stop(), () => bed?.close()]) {
			try {
				await stop();
			} catch (e) {
				errors.push(e);
			}
		}
		if (errors.length) throw errors[0];
	});

	step('signs in as the owner', async () => {
		await page.goto(`${url}/signin`);
		await page.getByTestId('emailOrLdapLoginId').locator('input').fill(OWNER.email);
		await page.getByTestId('password').locator('input').fill(OWNER.password);
		await page.getByTestId('form-submit-button').click();
		await page.waitForURL((u) => !u.pathname.startsWith('/signin'));
	});

	step('creates a workflow and finds the Veeam Repository node in the node panel', async () => {
		await page.goto(`${url}/workflow/new`);
		const creator = page.getByTestId('node-creator');
		const item = (name) => creator.getByTestId('item-iterator-item').filter({ has: page.getByTestId('node-creator-item-name').getByText(name, { exact: true }) });

		// A manual trigger first: the action node is offered after a trigger ("What happens next?").
		await page.getByTestId('canvas-add-button').click();
		await page.getByTestId('node-creator-search-bar').fill('Manual');
		await item('Manual Trigger').click();
		await page.getByTestId('canvas-trigger-node').waitFor();

		await page.getByTestId('canvas-handle-plus').click();
		await creator.getByText('What happens next?').waitFor();
		await page.getByTestId('node-creator-search-bar').fill('Veeam');
		await item('Veeam Repository').waitFor();
		await screenshot(page, SHOTS.search);

		await item('Veeam Repository').click();
		const actionsHeader = creator.getByTestId('node-creator-category-item').filter({ hasText: /^Actions/ });
		await actionsHeader.waitFor();
		assert.equal((await actionsHeader.innerText()).trim(), `Actions (${expected.actions.length})`);
		const shown = (await creator.getByTestId('item-iterator-item').allInnerTexts()).map((t) => t.trim());
		for (const action of expected.actions) assert.ok(shown.includes(action), `action "${action}" is not in the node panel: ${JSON.stringify(shown)}`);
		await screenshot(page, SHOTS.actions);

		await item('Get a repository').click();
		const ndv = page.getByTestId('ndv');
		await ndv.waitFor();
		assert.equal((await ndv.getByTestId('node-title-container').innerText()).trim(), 'Get a repository');
		// The only credential of the type is picked on its own.
		assert.equal(await ndv.getByTestId('node-credentials-select').getByRole('combobox').inputValue(), CRED.name);
	});

	step('renders the resources and the operations of every resource', async () => {
		const ndv = page.getByTestId('ndv');
		const resourceParam = ndv.getByTestId('parameter-input-resource');
		const operationParam = ndv.getByTestId('parameter-input-operation');
		const resourceNames = expected.resources.map((r) => r.name);
		assert.deepEqual(resourceNames, ['Repository', 'Scale-Out Repository', 'Session']);

		// Repository last: the following steps work on it.
		for (const resource of [...expected.resources.slice(1), expected.resources[0]]) {
			const resources = await openSelect(page, resourceParam);
			assert.deepEqual(await optionNames(resources), resourceNames);
			await option(resources, resource.name).click();
			await resources.waitFor({ state: 'hidden' });
			await waitForValue(() => resourceParam.getByRole('combobox').inputValue(), (v) => v === resource.name, { what: `Resource = ${resource.name}` });

			const operations = await openSelect(page, operationParam);
			assert.deepEqual(await optionNames(operations), expected.operations[resource.value].map((o) => o.name), `operations of ${resource.name}`);
			if (resource.value !== 'repository') await closeSelect(page, operations);
			else {
				await screenshot(page, SHOTS.operations);
				await option(operations, 'Get').click();
				await operations.waitFor({ state: 'hidden' });
			}
		}
		await waitForValue(() => operationParam.getByRole('combobox').inputValue(), (v) => v === 'Get', { what: 'Operation = Get' });
		await ndv.getByTestId('resource-locator-repositoryId').waitFor();
	});

	step('lists the repositories of the VBR server in the resource locator, and searches them there', async () => {
		const { sim } = bed;
		const locator = page.getByTestId('ndv').getByTestId('resource-locator-repositoryId');
		const items = locator.getByTestId('rlc-item');
		const texts = async () => (await items.allInnerTexts()).map((t) => t.trim());
		const all = [...sim.store.repositories.values()].map((r) => `${r.model.name} (${r.model.type})`);

		await locator.getByTestId('rlc-input').click();
		await items.filter({ hasText: 'Linux Repo 01 (LinuxLocal)' }).waitFor();
		await waitForValue(texts, (t) => t.length === all.length, { what: `${all.length} repositories in the list` });
		assert.deepEqual([...(await texts())].sort(), [...all].sort());
		assert.ok(listCalls.some((c) => c.status === 200 && c.body.includes('searchRepositories')), `list search calls: ${JSON.stringify(listCalls)}`);
		const listed = (await sim.control.requests()).filter((r) => r.method === 'GET' && r.path === '/api/v1/backupInfrastructure/repositories');
		assert.ok(listed.some((r) => r.status === 200 && r.query.orderColumn === 'Name'), `the list did not come from VBR: ${JSON.stringify(listed.map((r) => r.query))}`);
		await screenshot(page, SHOTS.list);

		// The search goes to VBR (nameFilter), not only through the loaded page.
		const isSearchCall = (r) => r.url().includes('/rest/dynamic-node-parameters/resource-locator-results') && (r.request().postData() ?? '').includes('Linux');
		const [searched] = await Promise.all([page.waitForResponse(isSearchCall), locator.locator('input[data-test-id=rlc-search], [data-test-id=rlc-search] input').fill('Linux')]);
		assert.equal(searched.status(), 200, await searched.text());
		const linux = all.filter((label) => /linux/i.test(label.replace(/ \([^)]*\)$/, '')));
		await waitForValue(texts, (t) => t.length === linux.length && t.every((x) => linux.includes(x)), { what: `only ${JSON.stringify(linux)}` });
		const calls = (await sim.control.requests()).filter((r) => r.method === 'GET' && r.path === '/api/v1/backupInfrastructure/repositories');
		assert.ok(calls.some((r) => r.status === 200 && r.query.nameFilter === '*Linux*'), `no repository search with nameFilter *Linux* reached VBR: ${JSON.stringify(calls.map((r) => r.query))}`);

		await items.filter({ hasText: 'Linux Repo 01' }).click();
		await waitForValue(() => locator.getByTestId('rlc-input').inputValue(), (v) => v.startsWith('Linux Repo 01'), { what: 'the chosen repository in the field' });
	});

	step('tests the credential successfully from its dialog', async () => {
		const { sim } = bed;
		const isTestCall = (r) => r.url().includes('/rest/credentials/test') && r.request().method() === 'POST';
		const testResult = async (response) => {
			assert.equal(response.status(), 200, await response.text());
			return (await response.json()).data;
		};

		await sim.control.clearRequests();
		// Opening the dialog of a saved credential tests it at once.
		const [opened] = await Promise.all([page.waitForResponse(isTestCall), page.getByTestId('ndv').getByTestId('credential-edit-button').click()]);
		const dialog = page.getByTestId('credential-edit-dialog');
		await dialog.waitFor();
		assert.equal((await testResult(opened)).status, 'OK');
		const success = dialog.getByTestId('credentials-config-container-test-success');
		await success.waitFor();
		assert.match(await success.innerText(), /Connection tested successfully/);
		await screenshot(page, SHOTS.credential);

		// And again on demand (Retry), against the simulator over HTTPS with its self-signed certificate.
		const [retried] = await Promise.all([page.waitForResponse(isTestCall), success.getByRole('button', { name: 'Retry' }).click()]);
		assert.equal((await testResult(retried)).status, 'OK');
		await success.waitFor();
		const serverInfo = (await sim.control.requests()).filter((r) => r.path === '/api/v1/serverInfo');
		assert.equal(serverInfo.length, 2, `expected two credential tests at VBR: ${JSON.stringify(serverInfo)}`);
		assert.ok(serverInfo.every((r) => r.status === 200 && r.headers.authorization?.startsWith('Bearer ')));

		await page.keyboard.press('Escape');
		await dialog.waitFor({ state: 'hidden' });
	});

	step('saves the workflow with the node, its credential and the chosen repository', async () => {
		// Escape on the credential dialog may close the node view as well.
		const ndv = page.getByTestId('ndv');
		if (await ndv.isVisible()) await page.getByTestId('ndv-close-button').click();
		await ndv.waitFor({ state: 'hidden' });
		await page.getByTestId('canvas-node').filter({ hasText: 'Get a repository' }).waitFor();
		assert.equal(await page.getByTestId('edge').count(), 1, 'one connection: trigger → Veeam Repository');

		// n8n saves new workflows on its own; Ctrl+S as well, in case this version waits for it.
		await page.keyboard.press('Control+s');
		const id = (await waitForValue(() => new URL(page.url()).pathname, (p) => /^\/workflow\/[A-Za-z0-9]+$/.test(p), { what: 'a saved workflow URL' })).split('/').pop();
		const linuxRepo = [...bed.sim.store.repositories.values()].find((r) => r.model.name === 'Linux Repo 01').id;
		const node = await waitForValue(
			async () => {
				// From the page, as the editor asks: n8n binds its session cookie to the browser-id header.
				const saved = await page.evaluate(async (wfId) => {
					const res = await fetch(`/rest/workflows/${wfId}`, { headers: { 'browser-id': localStorage.getItem('n8n-browserId') ?? '' } });
					return res.ok ? (await res.json()).data : { status: res.status, body: await res.text() };
				}, id);
				return saved.nodes?.find((n) => n.type === 'n8n-nodes-veeam-backup.veeamRepository') ?? saved;
			},
			(n) => n?.parameters?.repositoryId?.value === linuxRepo,
			{ what: `workflow ${id} saved with the Veeam Repository node and Linux Repo 01` },
		);
		assert.equal(node.parameters.resource ?? 'repository', 'repository');
		assert.equal(node.parameters.operation, 'get');
		assert.equal(node.parameters.repositoryId.mode, 'list');
		assert.equal(node.credentials?.veeamBackupApi?.id, CRED.id);

		for (const name of Object.values(SHOTS)) assert.ok(fs.statSync(path.join(SCREENSHOT_DIR, `${name}.png`)).size > 10_000, `${name}.png`);
	});
});
