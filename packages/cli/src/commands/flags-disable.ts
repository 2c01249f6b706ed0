import type { Command } from '../program/command.js';
import { flagSwitchCommand } from './flags-common.js';

export const flagsDisable: Command = flagSwitchCommand(
  false,
  'kill switch: every unit gets the off variation',
  'rampkit flags disable new-ui --store redis://127.0.0.1:6379',
);
