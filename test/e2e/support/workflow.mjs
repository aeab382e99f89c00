// Small builders for n8n workflow JSON, as the editor saves it.
import { CREDENTIAL_TYPE, NODE_TYPE, TRIGGER_TYPE } from '../../../scripts/n8n/config.mjs';

let counter = 0;
const nodeId = () => `e2e00000-0000-4000-8000-${String(++counter).padStart(12, '0')}`;

export const rl = (value, mode = 'id') => ({ __rl: true, mode, value });

export function manualTrigger(name = 'Start') {
	return { id: nodeId(), name, type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} };
}

/** A Veeam Repository node; `credential` is { id, name }. */
export function veeam(name, parameters, credential, settings = {}) {
	return {
		id: nodeId(),
		name,
		type: NODE_TYPE,
		typeVersion: 1,
		position: [0, 0],
		parameters,
		credentials: { [CREDENTIAL_TYPE]: { id: credential.id, name: credential.name } },
		...settings,
	};
}

export function noOp(name) {
	return { id: nodeId(), name, type: 'n8n-nodes-base.noOp', typeVersion: 1, position: [0, 0], parameters: {} };
}

/**
 * A workflow from a start node and branches: each branch is a list of nodes run in a chain after
 * the start node. Branches are laid out top to bottom, which is also their execution order (v1).
 */
export function workflow(id, name, start, branches) {
	const nodes = [start];
	const connections = {};
	const connect = (from, to) => {
		connections[from.name] ??= { main: [[]] };
		connections[from.name].main[0].push({ node: to.name, type: 'main', index: 0 });
	};
	branches.forEach((chain, row) => {
		let previous = start;
		chain.forEach((node, column) => {
			node.position = [220 * (column + 1), 200 * row];
			nodes.push(node);
			connect(previous, node);
			previous = node;
		});
	});
	return { id, name, nodes, connections, settings: { executionOrder: 'v1' }, pinData: {}, active: false };
}

/** A Veeam Repository Trigger (polling) node; `credential` is { id, name }. */
export function veeamTrigger(name, parameters, credential, pollTimes = { item: [{ mode: 'everyMinute' }] }) {
	return {
		id: nodeId(),
		name,
		type: TRIGGER_TYPE,
		typeVersion: 1,
		position: [0, 0],
		parameters: { pollTimes, ...parameters },
		credentials: { [CREDENTIAL_TYPE]: { id: credential.id, name: credential.name } },
	};
}

/** A Webhook trigger answering with every item of the last node once the execution has finished. */
export function webhookTrigger(name, webhookPath) {
	const id = nodeId();
	return {
		id,
		name,
		type: 'n8n-nodes-base.webhook',
		typeVersion: 2,
		position: [0, 0],
		webhookId: id,
		parameters: { httpMethod: 'POST', path: webhookPath, responseMode: 'lastNode', responseData: 'allEntries', options: {} },
	};
}
