/**
 * The upstream Gateway API CRDs (kubernetes-sigs/gateway-api), which Linkerd's policy controller needs
 * and a line's linkerd-crds may not ship; which release each Linkerd major takes is in support-matrix.ts.
 */

/** Where the Gateway API project publishes its CRDs (tags `vX.Y.Z`; config/crd/ per channel). */
export const GATEWAY_API_URL = 'https://github.com/kubernetes-sigs/gateway-api';

/** The folder of the repository that holds every channel's CRDs and their kustomization.yaml. */
export const GATEWAY_API_CRD_FOLDER = 'config/crd';

/** The folder of the repository with the CRDs of one channel (a kustomize root). */
export function gatewayApiCrdFolder(channel: 'standard' | 'experimental'): string {
  return channel === 'standard' ? GATEWAY_API_CRD_FOLDER : `${GATEWAY_API_CRD_FOLDER}/experimental`;
}
