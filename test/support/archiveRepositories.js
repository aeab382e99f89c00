'use strict';
// Amazon S3 Glacier and Azure Archive repositories, put straight into a simulator (the form cannot
// add them): their immutability is a switch (`immutabilityEnabled`), which Edit must set.

const PROXY_SUBSCRIPTION = '0b6f4f5e-3c1d-4a7b-9e2f-1a2b3c4d5e6f';

/** Adds "<prefix>Glacier" and "<prefix>Azure Archive" with immutability off; returns their names. */
async function addArchiveRepositories(bed, prefix = '') {
	const cloud = (type) =>
		[...bed.sim.store.cloudCredentials.values()].find((c) => c.type === type).id;
	const account = (type) => ({
		credentialsId: cloud(type),
		regionType: 'Global',
		connectionSettings: { connectionType: 'Direct' },
	});
	const names = { glacier: `${prefix}Glacier`, azureArchive: `${prefix}Azure Archive` };
	await bed.sim.control.addRepository({
		name: names.glacier,
		type: 'AmazonS3Glacier',
		account: account('Amazon'),
		bucket: {
			regionId: 'eu-west-1',
			bucketName: 'cold',
			folderName: 'f',
			immutabilityEnabled: false,
		},
	});
	await bed.sim.control.addRepository({
		name: names.azureArchive,
		type: 'AzureArchive',
		account: account('AzureStorage'),
		container: { containerName: 'archive', folderName: 'f', immutabilityEnabled: false },
		proxyAppliance: { subscriptionId: PROXY_SUBSCRIPTION },
	});
	return names;
}

module.exports = { addArchiveRepositories };
