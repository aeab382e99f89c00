import type { INodeProperties } from 'n8n-workflow';

import {
	DEFAULT_POLL_INTERVAL_SECONDS,
	DEFAULT_WAIT_TIMEOUT_SECONDS,
} from '../../shared/transport/sessions';

/** VBR answers changes with a session; these let the node wait for it or hand it back at once. */
export const waitForCompletion: INodeProperties = {
	displayName: 'Wait for Completion',
	name: 'waitForCompletion',
	type: 'boolean',
	default: true,
	description:
		'Whether to wait until the VBR session finishes and return the result, or return the running session at once',
};

export const waitOptionFields: INodeProperties[] = [
	{
		displayName: 'Poll Interval (Seconds)',
		name: 'pollIntervalSeconds',
		type: 'number',
		typeOptions: { minValue: 0.05, numberPrecision: 2 },
		default: DEFAULT_POLL_INTERVAL_SECONDS,
		description: 'How often to ask VBR for the state of the session while waiting',
	},
	{
		displayName: 'Timeout (Seconds)',
		name: 'waitTimeoutSeconds',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: DEFAULT_WAIT_TIMEOUT_SECONDS,
		description:
			'How long to wait for the session before failing; the session keeps running on the server',
	},
];

export const dryRunOption: INodeProperties = {
	displayName: 'Dry Run',
	name: 'dryRun',
	type: 'boolean',
	default: false,
	description:
		'Whether to only check the input, resolve names to IDs and return the exact request, without sending anything that changes VBR',
};

/** The Options of every change that VBR answers with a session. */
export const mutationOptions: INodeProperties = {
	displayName: 'Options',
	name: 'options',
	type: 'collection',
	placeholder: 'Add Option',
	default: {},
	options: [dryRunOption, ...waitOptionFields],
};

/** The Options of a change that VBR does at once (removal). */
export const immediateMutationOptions: INodeProperties = {
	displayName: 'Options',
	name: 'options',
	type: 'collection',
	placeholder: 'Add Option',
	default: {},
	options: [dryRunOption],
};
