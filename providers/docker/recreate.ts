/** The create options that make a container again as it was: same name, config, host config and network. */
import type Docker from 'dockerode';

export function recreateOptions(info: Docker.ContainerInspectInfo): Docker.ContainerCreateOptions {
  const mode = info.HostConfig.NetworkMode;
  const endpoint = mode ? info.NetworkSettings.Networks[mode] : undefined;
  // Only what was asked for: the runtime half of an endpoint (its address, its ids) belongs to the old one.
  const endpointsConfig = endpoint
    ? {
        [mode as string]: {
          ...(endpoint.Aliases ? { Aliases: endpoint.Aliases } : {}),
          ...(endpoint.IPAMConfig ? { IPAMConfig: endpoint.IPAMConfig } : {}),
          ...(endpoint.Links ? { Links: endpoint.Links } : {}),
        },
      }
    : undefined;
  return {
    ...(info.Config as Docker.ContainerCreateOptions),
    name: info.Name.replace(/^\//, ''),
    HostConfig: info.HostConfig,
    ...(endpointsConfig ? { NetworkingConfig: { EndpointsConfig: endpointsConfig } } : {}),
  };
}
