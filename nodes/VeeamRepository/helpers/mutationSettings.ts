import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { WaitSettings } from '../../shared/transport/sessions';
import { describeType } from './parameters';
import { readWaitForCompletion, readWaitSettings, waitOptionFields } from './waitForCompletion';

/**
 * How a change runs: Dry Run (check, resolve and return the request without sending it) and the
 * wait for its session. The Options collection of every change, and its reader; runMutation takes
 * the result and reads no parameter itself.
 */
export interface MutationSettings {
	dryRun: boolean;
	wait: boolean;
	waitSettings: WaitSettings;
}

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

export function readMutationSettings(ctx: IExecuteFunctions, itemIndex: number): MutationSettings {
	const options = ctx.getNodeParameter('options', itemIndex, {}) as IDataObject;
	// A dry run that is not clearly on or off must not turn into a real change.
	if (options.dryRun !== undefined && typeof options.dryRun !== 'boolean') {
		throw new NodeOperationError(
			ctx.getNode(),
			`"Dry Run" must be true or false, not ${describeType(options.dryRun)}`,
			{
				itemIndex,
			},
		);
	}
	const wait = readWaitForCompletion(ctx, itemIndex);
	return {
		dryRun: options.dryRun === true,
		wait,
		waitSettings: readWaitSettings(ctx, itemIndex),
	};
}
