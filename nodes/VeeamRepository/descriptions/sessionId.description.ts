import type { INodeProperties } from 'n8n-workflow';

export const sessionIdField: INodeProperties = {
	displayName: 'Session ID',
	name: 'sessionId',
	type: 'string',
	default: '',
	required: true,
	placeholder: 'e.g. 5f2c0c3e-8a41-4c57-9d3e-0b6f1c2d3e4f',
	description:
		'ID of the VBR session, such as the ID output by a change started with Wait for Completion off',
};
