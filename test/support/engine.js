'use strict';
// Runs the package's nodes through n8n-core's real execution engine (WorkflowExecute, PollContext)
// with the real request helpers, so every test request crosses real HTTP to the simulator. Only
// the parts of the n8n CLI that need a database are replaced: the credentials store lives in
// memory, and its preAuthentication mirrors the CLI's CredentialsHelper (expirable token, refresh
// when empty or after a 401, persisted for later executions).
const {
	ExecuteContext,
	ExecutionLifecycleHooks,
	LoadOptionsContext,
	PollContext,
	RoutingNode,
	WorkflowExecute,
} = require('n8n-core');
const {
	ICredentialsHelper,
	NodeHelpers,
	Workflow,
	createRunExecutionData,
} = require('n8n-workflow');

const PACKAGE = 'n8n-nodes-veeam-backup';
// VEEAM_TEST_DIST points the harness at another build output (a private build while someone else
// rebuilds dist/); unset, it is the package's dist/.
const DIST = require('path').resolve(
	process.env.VEEAM_TEST_DIST || require('path').resolve(__dirname, '../../dist'),
);

function loadTypes() {
	const { VeeamRepository } = require(`${DIST}/nodes/VeeamRepository/VeeamRepository.node.js`);
	const { VeeamBackupApi } = require(`${DIST}/credentials/VeeamBackupApi.credentials.js`);
	const nodes = { [`${PACKAGE}.veeamRepository`]: new VeeamRepository() };
	try {
		const { VeeamRepositoryTrigger } = require(
			`${DIST}/nodes/VeeamRepositoryTrigger/VeeamRepositoryTrigger.node.js`,
		);
		nodes[`${PACKAGE}.veeamRepositoryTrigger`] = new VeeamRepositoryTrigger();
	} catch {
		// The trigger is optional until it exists.
	}
	return { nodes, credentialTypes: { veeamBackupApi: new VeeamBackupApi() } };
}

const types = loadTypes();

const nodeTypes = {
	getByName(type) {
		const nodeType = types.nodes[type];
		if (!nodeType) throw new Error(`Unknown node type ${type}`);
		return nodeType;
	},
	getByNameAndVersion(type, version) {
		return NodeHelpers.getVersionedNodeType(this.getByName(type), version);
	},
	getKnownTypes() {
		return {};
	},
};

/**
 * The CLI's applyDefaultsAndOverwrites: stored fields the credential type no longer declares are
 * dropped, missing ones get their defaults (so a renamed field is lost unless still declared).
 */
function withDefaults(type, data) {
	return NodeHelpers.getNodeParameters(
		types.credentialTypes[type].properties,
		{ ...data },
		true,
		false,
		null,
		null,
	);
}

const isExpression = (value) => typeof value === 'string' && value.startsWith('=');

/** The CLI's CredentialsHelper, with an in-memory store instead of the database. */
class MemoryCredentialsHelper extends ICredentialsHelper {
	constructor() {
		super();
		this.store = new Map();
		this.preAuthenticationCalls = 0;
	}

	set(id, type, data) {
		this.store.set(id, { type, data: { ...data } });
	}

	get(id) {
		return this.store.get(id)?.data;
	}

	getParentTypes() {
		return [];
	}

	isCredentialUsableByNode() {
		return true;
	}

	async getDecrypted(_additionalData, nodeCredentials) {
		this.decryptCalls = (this.decryptCalls ?? 0) + 1;
		const entry = this.store.get(nodeCredentials.id);
		if (!entry) throw new Error(`No credential ${nodeCredentials.id}`);
		return withDefaults(entry.type, entry.data);
	}

	async getCredentials() {
		throw new Error('not used');
	}

	async updateCredentials(nodeCredentials, type, data) {
		this.set(nodeCredentials.id, type, data);
	}

	async updateCredentialsOauthTokenData() {}

	getCredentialsProperties(type) {
		return types.credentialTypes[type].properties;
	}

	async authenticate(credentials, typeName, requestOptions, workflow, node) {
		const { authenticate } = types.credentialTypes[typeName];
		if (typeof authenticate === 'function') return await authenticate(credentials, requestOptions);
		if (typeof authenticate !== 'object' || authenticate.type !== 'generic') return requestOptions;
		requestOptions.headers = requestOptions.headers ?? {};
		for (const [outerKey, values] of Object.entries(authenticate.properties)) {
			requestOptions[outerKey] = requestOptions[outerKey] ?? {};
			for (const [key, value] of Object.entries(values)) {
				const resolved = isExpression(value)
					? workflow.expression.getSimpleParameterValue(
							node,
							value,
							'internal',
							{ $credentials: credentials },
							undefined,
							'',
						)
					: value;
				requestOptions[outerKey][key] = resolved ? resolved.toString() : '';
			}
		}
		return requestOptions;
	}

	async preAuthentication(helpers, credentials, typeName, node, credentialsExpired) {
		const type = types.credentialTypes[typeName];
		const expirable = type.properties.find(
			(p) => p.type === 'hidden' && p.typeOptions?.expirable === true,
		);
		if (!expirable || typeof type.preAuthentication !== 'function') return undefined;
		const isTestingCredentials =
			node?.parameters?.temp === '' && node?.type === 'n8n-nodes-base.noOp';
		if (credentials[expirable.name] !== '' && !credentialsExpired && !isTestingCredentials)
			return undefined;
		this.preAuthenticationCalls++;
		const output = await type.preAuthentication.call(
			{ helpers: { httpRequest: helpers.helpers.httpRequest } },
			credentials,
		);
		if (output[expirable.name] === undefined) return undefined;
		const nodeCredentials = node.credentials?.[typeName];
		if (nodeCredentials) {
			const stored = this.get(nodeCredentials.id);
			this.set(nodeCredentials.id, typeName, { ...stored, ...output });
		}
		return Object.assign(credentials, output);
	}

	async runPreAuthentication() {
		return undefined;
	}
}

function additionalDataFor(credentialsHelper, hooks) {
	return {
		hooks,
		credentialsHelper,
		currentNodeParameters: undefined,
		currentNodeExecutionIndex: 0,
		restApiUrl: 'http://localhost:5678/rest',
		instanceBaseUrl: 'http://localhost:5678/',
		formBaseUrl: 'http://localhost:5678/form',
		formWaitingBaseUrl: 'http://localhost:5678/form-waiting',
		formTestBaseUrl: 'http://localhost:5678/form-test',
		webhookBaseUrl: 'http://localhost:5678/webhook',
		webhookWaitingBaseUrl: 'http://localhost:5678/webhook-waiting',
		webhookTestBaseUrl: 'http://localhost:5678/webhook-test',
		mcpBaseUrl: 'http://localhost:5678/mcp',
		mcpTestBaseUrl: 'http://localhost:5678/mcp-test',
		variables: {},
		userId: 'u1',
		logAiEvent() {},
		executeWorkflow: async () => {
			throw new Error('not used');
		},
		getRunExecutionData: async () => undefined,
		getRuntimeCredential: async () => undefined,
	};
}

const CREDENTIAL_ID = 'veeam-cred-1';

/** A credential record for the simulator: http by default, strict TLS unless told otherwise. */
function simulatorCredential(sim, overrides = {}) {
	return {
		url: sim.url,
		username: sim.username ?? 'administrator',
		password: sim.password ?? 'Veeam-Sim-Passw0rd!',
		apiVersion: '1.3-rev1',
		ignoreSslIssues: false,
		accessToken: '',
		...overrides,
	};
}

/**
 * One engine per test file: the credential store persists between executions like n8n's database,
 * so a second execution reuses the stored token.
 */
function createEngine(credentialData) {
	const credentialsHelper = new MemoryCredentialsHelper();
	credentialsHelper.set(CREDENTIAL_ID, 'veeamBackupApi', credentialData);

	function makeNode(type, parameters, extra = {}) {
		return {
			id: 'node-1',
			name: extra.name ?? 'Veeam',
			type: `${PACKAGE}.${type}`,
			typeVersion: 1,
			position: [0, 0],
			parameters,
			credentials: { veeamBackupApi: { id: CREDENTIAL_ID, name: 'VBR' } },
			...(extra.continueOnFail ? { onError: 'continueRegularOutput' } : {}),
		};
	}

	/** Executes the Veeam Repository node once with the given input items. */
	async function execute(parameters, options = {}) {
		const node = makeNode('veeamRepository', parameters, options);
		const workflowData = {
			id: 'wf-1',
			name: 'test',
			active: false,
			nodes: [node],
			connections: {},
			settings: {},
		};
		const workflow = new Workflow({ ...workflowData, nodeTypes });
		const hooks = new ExecutionLifecycleHooks('manual', 'exec-1', workflowData);
		const finished = new Promise((resolve) =>
			hooks.addHandler('workflowExecuteAfter', (run) => resolve(run)),
		);
		const items = (options.items ?? [{}]).map((json) => ({ json }));
		const runExecutionData = createRunExecutionData({
			executionData: {
				nodeExecutionStack: [{ node, data: { main: [items] }, source: null }],
			},
		});
		const additionalData = additionalDataFor(credentialsHelper, hooks);
		let run;
		try {
			run = await new WorkflowExecute(
				additionalData,
				'manual',
				runExecutionData,
			).processRunExecutionData(workflow);
		} catch (error) {
			// n8n's own parameter checks (required fields, locator regex) stop a run before the node
			// executes, as the editor does with "The node has issues".
			return { run: undefined, error, items: [], json: [] };
		}
		await finished.catch(() => undefined);
		const task = run.data.resultData.runData[node.name]?.[0];
		const output = task?.data?.main?.[0] ?? [];
		return {
			run,
			error: task?.error ?? run.data.resultData.error,
			items: output,
			json: output.map((item) => item.json),
		};
	}

	/**
	 * Runs the trigger's poll() once in a real PollContext; static data lives on `workflow`.
	 * `options.pollBudgetMs` replaces n8n's poll budget (getPollBudgetMs, 5 minutes by default): a
	 * number, or a function read at each poll (so a test can activate with room and then tighten it).
	 */
	function budgetOf(budget) {
		return typeof budget === 'function' ? budget : () => budget;
	}

	function createPoller(parameters, options = {}) {
		const node = makeNode('veeamRepositoryTrigger', parameters, {
			name: options.name ?? 'Veeam Trigger',
		});
		const workflowData = {
			id: 'wf-poll',
			name: 'poll',
			active: true,
			nodes: [node],
			connections: {},
			settings: {},
		};
		const workflow = new Workflow({
			...workflowData,
			nodeTypes,
			staticData: options.staticData ?? {},
		});
		const hooks = new ExecutionLifecycleHooks('trigger', 'exec-poll', workflowData);
		const additionalData = additionalDataFor(credentialsHelper, hooks);
		/** The PollContext n8n gives one poll, the one poll() runs the trigger in. */
		const pollContext = (mode = 'trigger') =>
			new PollContext(
				workflow,
				node,
				additionalData,
				mode,
				mode === 'manual' ? 'manual' : 'init',
				...(options.pollBudgetMs === undefined
					? []
					: // n8n-core's defaults for emit, emitError, commitCursor, runPoll, node static data
						[
							undefined,
							undefined,
							undefined,
							undefined,
							undefined,
							budgetOf(options.pollBudgetMs),
						]),
			);
		return {
			workflow,
			context: pollContext,
			async poll(mode = 'trigger') {
				return await nodeTypes.getByName(node.type).poll.call(pollContext(mode));
			},
		};
	}

	/**
	 * The editor's "Test" button, as n8n's CredentialsTester runs it: a temporary noOp node whose only
	 * property routes the credential's `test.request` through RoutingNode (which runs
	 * preAuthentication first). Returns { status, message } like the CLI.
	 */
	async function testCredential(data) {
		const credentialType = types.credentialTypes.veeamBackupApi;
		const testId = 'cred-under-test';
		credentialsHelper.set(testId, 'veeamBackupApi', data);
		const node = {
			id: 'temp',
			parameters: {},
			name: 'Temp-Node',
			type: 'n8n-nodes-base.noOp',
			typeVersion: 1,
			position: [0, 0],
			credentials: { veeamBackupApi: { id: testId, name: 'under test' } },
		};
		const noOp = {
			description: {
				displayName: 'No Operation',
				name: 'n8n-nodes-base.noOp',
				group: ['transform'],
				version: 1,
				description: '',
				defaults: {},
				inputs: ['main'],
				outputs: ['main'],
				credentials: [{ name: 'veeamBackupApi', required: true }],
				properties: [
					{
						displayName: 'Temp',
						name: 'temp',
						type: 'string',
						routing: { request: credentialType.test.request },
						default: '',
					},
				],
			},
		};
		const workflow = new Workflow({
			nodes: [node],
			connections: {},
			active: false,
			nodeTypes: { ...nodeTypes, getByNameAndVersion: () => noOp, getByName: () => noOp },
		});
		const hooks = new ExecutionLifecycleHooks('internal', 'exec-test', {
			id: 'wf-test',
			nodes: [node],
			connections: {},
		});
		const context = new ExecuteContext(
			workflow,
			node,
			additionalDataFor(credentialsHelper, hooks),
			'internal',
			{ resultData: { runData: {} } },
			0,
			[],
			{ main: [[{ json: {} }]] },
			{ node, data: {}, source: null },
			[],
		);
		const routingNode = new RoutingNode(context, noOp, {
			id: testId,
			name: 'under test',
			type: 'veeamBackupApi',
			data: withDefaults('veeamBackupApi', data),
		});
		try {
			await routingNode.runNode();
		} catch (error) {
			// The CLI's CredentialsTester turns errors into messages exactly like this.
			if (error.cause?.response) {
				// The CLI checks the credential's responseCode rules first.
				const rule = (credentialType.test.rules ?? []).find(
					(r) => r.type === 'responseCode' && r.properties.value === error.cause.response.status,
				);
				if (rule) return { status: 'Error', message: rule.properties.message };
				return {
					status: 'Error',
					message:
						error.cause.response.statusText ||
						`Received HTTP status code: ${error.cause.response.status}`,
				};
			}
			if (error.cause?.code) return { status: 'Error', message: error.cause.code };
			return { status: 'Error', message: String(error.message) };
		}
		return { status: 'OK', message: 'Connection successful!' };
	}

	/**
	 * Calls a listSearch or loadOptions method the way the editor does when a picker opens, with the
	 * node's current parameters.
	 */
	async function loadOptions(kind, method, parameters, ...args) {
		const node = makeNode('veeamRepository', parameters);
		const workflow = new Workflow({
			id: 'wf-lo',
			nodes: [node],
			connections: {},
			active: false,
			nodeTypes,
		});
		const hooks = new ExecutionLifecycleHooks('internal', 'exec-lo', {
			id: 'wf-lo',
			nodes: [node],
			connections: {},
		});
		const additionalData = {
			...additionalDataFor(credentialsHelper, hooks),
			currentNodeParameters: parameters,
		};
		const context = new LoadOptionsContext(workflow, node, additionalData, 'parameters');
		return await nodeTypes.getByName(node.type).methods[kind][method].call(context, ...args);
	}

	return {
		credentialsHelper,
		execute,
		loadOptions,
		createPoller,
		testCredential,
		credential: () => credentialsHelper.get(CREDENTIAL_ID),
	};
}

module.exports = { createEngine, simulatorCredential, PACKAGE, CREDENTIAL_ID, nodeTypes, DIST };
