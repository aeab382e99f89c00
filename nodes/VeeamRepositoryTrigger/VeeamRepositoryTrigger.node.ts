import type {
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IPollFunctions,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { properties } from './description';
import { pollRepositories } from './poll';

export class VeeamRepositoryTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Veeam Repository Trigger',
		name: 'veeamRepositoryTrigger',
		icon: { light: 'file:veeam.svg', dark: 'file:veeam.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{($parameter["events"] || []).length + " events"}}',
		description:
			'Starts the workflow when Veeam Backup & Replication repositories run low on space, go offline, change or are about to fill up',
		defaults: { name: 'Veeam Repository Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'veeamBackupApi', required: true }],
		properties,
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		return await pollRepositories.call(this);
	}
}
