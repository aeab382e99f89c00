import type { IDataObject, IExecuteFunctions, INode, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import type { VeeamClient } from '../../shared/transport/client';
import { createVeeamClient } from '../../shared/transport/client';
import { readExecutionSettings } from '../helpers/requestOptions';
import type { OperationMap, VeeamOperation, VeeamRepositoryType } from './node.type';
import * as repository from './repository/Repository.resource';
import * as scaleOutRepository from './scaleOutRepository/ScaleOutRepository.resource';
import * as session from './session/Session.resource';

const operations: OperationMap = { repository, scaleOutRepository, session };

const has = (object: object, key: string) => Object.prototype.hasOwnProperty.call(object, key);

/** The operation the parameters name, if the node has it; anything else (an expression) is undefined. */
function findOperation(resource: string, operation: string): VeeamOperation | undefined {
	if (!has(operations, resource)) return undefined;
	const ofResource: Partial<Record<string, VeeamOperation>> =
		operations[resource as VeeamRepositoryType['resource']];
	return has(ofResource, operation) ? ofResource[operation] : undefined;
}

/** The output item of a failed input item when "Continue On Fail" is on. */
function errorItem(
	error: Error & {
		description?: string | null;
		httpCode?: string | null;
		context?: IDataObject;
	},
): IDataObject {
	const json: IDataObject = { error: error.message };
	if (error.description) json.description = error.description;
	if (error.httpCode) json.httpCode = error.httpCode;
	if (typeof error.context?.errorCode === 'string') json.errorCode = error.context.errorCode;
	if (error.context?.audit) json.audit = error.context.audit;
	return json;
}

/**
 * The transport and the operations already throw n8n's errors with the item named: they pass as
 * they are (wrapping one again gives back the same instance anyway). Anything else is wrapped.
 */
function asNodeError(
	node: INode,
	error: unknown,
	itemIndex: number,
): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	return new NodeOperationError(node, error as Error, { itemIndex });
}

/**
 * Runs the chosen operation once per input item, keeping each result paired with its item. With
 * Concurrency above 1, up to that many items are in flight at once (a sliding window); the first
 * item runs alone so that it logs in once and the others reuse its token.
 */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const resource = this.getNodeParameter('resource', 0) as string;
	const operation = this.getNodeParameter('operation', 0) as string;
	const handler = findOperation(resource, operation);
	if (!handler || typeof handler.execute !== 'function') {
		throw new NodeOperationError(
			this.getNode(),
			`The operation "${operation}" of "${resource}" is not supported`,
		);
	}
	const { transport, concurrency } = readExecutionSettings(this);
	let client: VeeamClient;
	try {
		// With Automatic and no stored token this logs in (to learn the API revision) before any item.
		client = await createVeeamClient(this, transport);
	} catch (error) {
		if (!this.continueOnFail()) throw asNodeError(this.getNode(), error, 0);
		const json = errorItem(error as Error);
		return [items.map((_, item) => ({ json: { ...json }, pairedItem: { item } }))];
	}

	const runItem = async (itemIndex: number): Promise<INodeExecutionData[]> => {
		try {
			const result = await handler.execute.call(this, itemIndex, client);
			return this.helpers.constructExecutionMetaData(this.helpers.returnJsonArray(result), {
				itemData: { item: itemIndex },
			});
		} catch (error) {
			if (this.continueOnFail()) {
				return [{ json: errorItem(error as Error), pairedItem: { item: itemIndex } }];
			}
			throw asNodeError(this.getNode(), error, itemIndex);
		}
	};

	const results: INodeExecutionData[][] = new Array(items.length);
	// The first item runs alone: with no stored token it logs in, and the others reuse its token.
	const failures: Array<{ itemIndex: number; error: unknown }> = [];
	let next = 0;
	const runFrom = async (itemIndex: number): Promise<void> => {
		try {
			results[itemIndex] = await runItem(itemIndex);
		} catch (error) {
			// runItem only rejects with the NodeApiError or NodeOperationError of its item.
			failures.push({ itemIndex, error });
		}
	};
	if (items.length > 0) await runFrom(next++);
	// A sliding window rather than batches: the next item starts as soon as one finishes, so a slow
	// item never holds the others. After a failure no new item starts; the started ones settle.
	const lane = async (): Promise<void> => {
		while (next < items.length && failures.length === 0) await runFrom(next++);
	};
	if (failures.length === 0) {
		await Promise.all(
			Array.from({ length: Math.min(concurrency, items.length - next) }, () => lane()),
		);
	}
	if (failures.length > 0) {
		// The first failure in item order, whatever order the items finished in.
		throw failures.reduce((first, failure) =>
			failure.itemIndex < first.itemIndex ? failure : first,
		).error;
	}
	return [results.flat()];
}
