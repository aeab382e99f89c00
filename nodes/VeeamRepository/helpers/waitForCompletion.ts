import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { WaitSettings } from '../../shared/transport/sessions';
import { describeType } from './parameters';

/**
 * The "Wait for Completion" block: VBR answers changes with a session, which the node waits for
 * (polling every interval, up to the timeout) or hands back at once. Session > Wait uses the same
 * interval and timeout options.
 */
export const DEFAULT_POLL_INTERVAL_SECONDS = 5;
export const DEFAULT_WAIT_TIMEOUT_SECONDS = 1800;

// Below these a wait cannot mean anything: each poll is a request to VBR.
const MIN_POLL_INTERVAL_SECONDS = 0.01;
const MIN_WAIT_TIMEOUT_SECONDS = 0.1;

export const waitForCompletion: INodeProperties = {
	displayName: 'Wait for Completion',
	name: 'waitForCompletion',
	type: 'boolean',
	default: true,
	description:
		'Whether to wait until the VBR session finishes and return the result, or return the running session at once',
};

/** Poll Interval and Timeout, for an Options collection. */
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

/** The "Wait for Completion" switch, which must be a real boolean. */
export function readWaitForCompletion(ctx: IExecuteFunctions, itemIndex: number): boolean {
	const wait = ctx.getNodeParameter('waitForCompletion', itemIndex, true) as unknown;
	if (typeof wait !== 'boolean') {
		throw new NodeOperationError(
			ctx.getNode(),
			`"Wait for Completion" must be true or false, not ${describeType(wait)}`,
			{
				itemIndex,
			},
		);
	}
	return wait;
}

/** Poll Interval and Timeout from the Options collection, checked. */
export function readWaitSettings(ctx: IExecuteFunctions, itemIndex: number): WaitSettings {
	const options = ctx.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const interval = Number(options.pollIntervalSeconds ?? DEFAULT_POLL_INTERVAL_SECONDS);
	const timeout = Number(options.waitTimeoutSeconds ?? DEFAULT_WAIT_TIMEOUT_SECONDS);
	if (!Number.isFinite(interval) || interval < MIN_POLL_INTERVAL_SECONDS) {
		throw new NodeOperationError(
			ctx.getNode(),
			`Poll Interval must be a number of seconds, at least ${MIN_POLL_INTERVAL_SECONDS}`,
			{ description: `Got ${JSON.stringify(options.pollIntervalSeconds)}.`, itemIndex },
		);
	}
	if (!Number.isFinite(timeout) || timeout < MIN_WAIT_TIMEOUT_SECONDS) {
		throw new NodeOperationError(
			ctx.getNode(),
			`Timeout must be a number of seconds, at least ${MIN_WAIT_TIMEOUT_SECONDS}`,
			{ description: `Got ${JSON.stringify(options.waitTimeoutSeconds)}.`, itemIndex },
		);
	}
	return { intervalMs: interval * 1000, timeoutMs: timeout * 1000 };
}
