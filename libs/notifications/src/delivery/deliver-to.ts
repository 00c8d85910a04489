import type { ChannelName } from '../model/notification';

/**
 * The channels a notification goes to: those asked for (all when none is named) among those configured, and
 * the archive always, whether asked for or not.
 */
export function deliverTo(
  requested: readonly ChannelName[] | null | undefined,
  configured: readonly ChannelName[],
): ChannelName[] {
  const wanted = requested && requested.length > 0 ? configured.filter((name) => requested.includes(name)) : configured;
  return [...new Set<ChannelName>(['archive', ...wanted])];
}
