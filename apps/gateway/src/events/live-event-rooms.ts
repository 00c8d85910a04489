import type { RunEvent } from '@relais/contracts';

/**
 * The socket.io rooms of the events namespace. State events go to ALL_FLOWS_ROOM (every socket joins it on
 * connection) and to the room of their flow (sockets that chose flows with `subscribe_flows`); a socket sits in
 * exactly one of the two kinds, and socket.io sends an event once to a socket even if several of the target rooms
 * hold it. Logs and progress go to the run's room only.
 */
export const ALL_FLOWS_ROOM = 'flows:*';

export function runRoom(runId: string): string {
  return `run:${runId}`;
}

export function flowRoom(flowName: string): string {
  return `flow:${flowName}`;
}

export function isRunRoom(room: string): boolean {
  return room.startsWith('run:');
}

export function isFlowRoom(room: string): boolean {
  return room.startsWith('flow:');
}

/** The rooms whose members receive `event`. */
export function roomsFor(event: RunEvent): string[] {
  if (event.event === 'run_log' || event.event === 'run_progress') return [runRoom(event.runId)];
  return [ALL_FLOWS_ROOM, flowRoom(event.flowName)];
}
