'use strict';
// Checks workflow nodes the way the n8n editor sees them, with n8n's own NodeHelpers and the real
// node classes (n8n-nodes-base, @n8n/n8n-nodes-langchain, this package as installed):
//  - the node type and its typeVersion exist;
//  - every parameter set in the workflow is one the node shows for those settings (nothing
//    misspelt, nothing for another operation or version);
//  - no parameter issues (required values missing, invalid options).
// Run with the provisioned Node 24:  node check-parameters.cjs <n8n package dir> <installed package dir> <workflow.json>...
// Prints a JSON report { problems: [...] } and exits 0 (the caller asserts).
const fs = require('fs');
const path = require('path');
const { createRequire } = require('module');

const [n8nDir, packageDir, ...workflowFiles] = process.argv.slice(2);
const n8nRequire = createRequire(path.join(n8nDir, 'package.json'));
const { NodeHelpers } = n8nRequire('n8n-workflow');
// As n8n does (load-nodes-and-credentials.js): community packages resolve n8n-workflow from n8n's own modules.
process.env.NODE_PATH = [...n8nRequire.resolve.paths('n8n-workflow'), process.env.NODE_PATH].filter(Boolean).join(path.delimiter);
require('module')._initPaths();
const { commonPollingParameters } = require(path.join(path.dirname(n8nRequire.resolve('n8n-core/package.json')), 'dist/nodes-loader/constants.js'));

const sources = {};
for (const pkg of ['n8n-nodes-base', '@n8n/n8n-nodes-langchain']) {
	const dir = path.dirname(n8nRequire.resolve(`${pkg}/package.json`));
	const known = JSON.parse(fs.readFileSync(path.join(dir, 'dist/known/nodes.json'), 'utf8'));
	for (const [name, { className, sourcePath }] of Object.entries(known)) {
		sources[`${pkg}.${name}`] = { file: path.join(dir, sourcePath), className };
	}
}
const manifest = JSON.parse(fs.readFileSync(path.join(packageDir, 'package.json'), 'utf8'));
for (const file of manifest.n8n.nodes) {
	const full = path.join(packageDir, file);
	if (!fs.existsSync(full)) continue;
	const className = path.basename(file).replace(/\.node\.js$/, '');
	sources[`${manifest.name}.${className.charAt(0).toLowerCase()}${className.slice(1)}`] = { file: full, className };
}

const cache = new Map();
function nodeType(type) {
	if (!cache.has(type)) {
		const source = sources[type];
		if (!source) cache.set(type, undefined);
		else {
			const Class = require(source.file)[source.className];
			cache.set(type, new Class());
		}
	}
	return cache.get(type);
}

const problems = [];
for (const file of workflowFiles) {
	const wf = JSON.parse(fs.readFileSync(file, 'utf8'));
	for (const node of wf.nodes) {
		const where = `${path.basename(file)}: "${node.name}" (${node.type} v${node.typeVersion})`;
		const type = nodeType(node.type);
		if (!type) {
			problems.push(`${where}: unknown node type`);
			continue;
		}
		const versions = type.nodeVersions ? Object.keys(type.nodeVersions).map(Number) : [].concat(type.description.version);
		if (!versions.includes(node.typeVersion)) {
			problems.push(`${where}: version ${node.typeVersion} does not exist (${versions.join(', ')})`);
			continue;
		}
		const description = { ...NodeHelpers.getVersionedNodeType(type, node.typeVersion).description };
		// The loader adds "Poll Times" to polling nodes (n8n-core directory-loader.js).
		if (description.polling) description.properties = [...commonPollingParameters, ...description.properties];
		// With defaults: every parameter the editor shows for these settings.
		const full = NodeHelpers.getNodeParameters(description.properties, node.parameters, true, false, node, description);
		for (const key of Object.keys(node.parameters)) {
			if (!full || !(key in full)) {
				const declared = description.properties.some((p) => p.name === key);
				problems.push(`${where}: parameter "${key}" is ${declared ? 'not shown with these settings' : 'unknown'}`);
			}
		}
		const issues = NodeHelpers.getNodeParametersIssues(description.properties, { ...node, parameters: full }, description);
		if (issues?.parameters) {
			for (const [key, list] of Object.entries(issues.parameters)) problems.push(`${where}: parameter "${key}": ${list.join('; ')}`);
		}
	}
}
process.stdout.write(JSON.stringify({ problems }));
