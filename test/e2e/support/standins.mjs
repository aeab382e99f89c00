// Turns an example workflow into one `n8n execute` can run offline: triggers and chat/e-mail steps
// are replaced by test stand-ins OF THE SAME NAME (so every `$('Node')` expression and every
// connection still works), and a Manual Trigger starts it.
//
//   Veeam Repository Trigger, Chat Trigger  → a Code node returning the given items
//   Schedule Trigger                        → a Manual Trigger
//   Slack "Send and Wait for Response"      → a Set node answering { data: { approved } }
//   Slack "Send", Send Email                → a Set node that outputs what would be sent
import { TRIGGER_TYPE } from '../../../scripts/n8n/config.mjs';

const START = 'Test start';
let counter = 0;
const id = () => `5ea7d000-0000-4000-8000-${String(++counter).padStart(12, '0')}`;

function setNode(original, fields, extra = {}) {
	return {
		id: original.id,
		name: original.name,
		type: 'n8n-nodes-base.set',
		typeVersion: 3.4,
		position: original.position,
		parameters: {
			assignments: {
				assignments: Object.entries(fields).map(([name, value]) => {
					const [v, type] = Array.isArray(value) ? value : [value, 'string'];
					return { id: id(), name, value: v ?? '', type };
				}),
			},
			options: {},
		},
		...(original.disabled ? { disabled: true } : {}),
		...extra,
	};
}

function codeNode(original, items) {
	return {
		id: original.id,
		name: original.name,
		type: 'n8n-nodes-base.code',
		typeVersion: 2,
		position: original.position,
		parameters: { jsCode: `// Test stand-in for ${original.type}\nreturn ${JSON.stringify(items.map((json) => ({ json })), null, 2)};` },
	};
}

/**
 * @param {object} example the workflow JSON
 * @param {object} o
 * @param {string} o.id new workflow id (≤ 21 characters)
 * @param {object[]} [o.triggerItems] what the replaced trigger emits
 * @param {string} [o.approved] expression (without {{ }}) deciding each approval, on the approval's input item
 * @param {Record<string, Record<string, unknown>>} [o.set] Set node name → assignment name → new value
 * @param {Record<string, string>} [o.credentials] credential type → id to use instead
 * @param {boolean} [o.keepTrigger] keep the Veeam Repository Trigger (for a published workflow in `n8n start`)
 */
export function withStandIns(example, { id: workflowId, triggerItems = [{}], approved = 'true', set = {}, credentials = {}, keepTrigger = false }) {
	const wf = structuredClone(example);
	wf.id = workflowId;
	wf.name = `${example.name} [test]`;
	const nodes = [];
	let startTarget;
	for (const node of wf.nodes) {
		const op = node.parameters?.operation;
		if (keepTrigger && node.type === TRIGGER_TYPE) {
			nodes.push(node);
		} else if (node.type === TRIGGER_TYPE || node.type === '@n8n/n8n-nodes-langchain.chatTrigger') {
			nodes.push(codeNode(node, triggerItems));
			startTarget = node.name;
		} else if (node.type === 'n8n-nodes-base.scheduleTrigger') {
			nodes.push({ id: node.id, name: node.name, type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: node.position, parameters: {} });
		} else if (node.type === 'n8n-nodes-base.slack' && op === 'sendAndWait') {
			// What the message would say, and the answer.
			nodes.push(setNode(node, { standInFor: 'slack.sendAndWait', message: node.parameters.message, data: [`={{ { approved: ${approved} } }}`, 'object'] }));
		} else if (node.type === 'n8n-nodes-base.slack') {
			nodes.push(setNode(node, { standInFor: 'slack.post', channel: node.parameters.channelId?.value, text: node.parameters.text }));
		} else if (node.type === 'n8n-nodes-base.emailSend') {
			const p = node.parameters;
			nodes.push(setNode(node, { standInFor: 'emailSend', toEmail: p.toEmail, fromEmail: p.fromEmail, subject: p.subject, html: p.html, text: p.text }));
		} else {
			if (set[node.name]) {
				for (const assignment of node.parameters.assignments.assignments) {
					if (assignment.name in set[node.name]) assignment.value = set[node.name][assignment.name];
				}
			}
			for (const [type, credentialId] of Object.entries(credentials)) {
				if (node.credentials?.[type]) node.credentials[type] = { ...node.credentials[type], id: credentialId };
			}
			nodes.push(node);
		}
	}
	if (startTarget) {
		nodes.push({ id: id(), name: START, type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [-600, 100], parameters: {} });
		wf.connections[START] = { main: [[{ node: startTarget, type: 'main', index: 0 }]] };
	}
	wf.nodes = nodes;
	return wf;
}
