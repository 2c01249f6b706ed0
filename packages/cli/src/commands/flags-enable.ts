import type { Command } from '../program/command.js';
import { flagSwitchCommand } from './flags-common.js';

export const flagsEnable: Command = flagSwitchCommand(
  true,
  'turn a flag on (its rules and fallthrough serve again)',
  'rampkit flags enable new-ui --store file:flags.json',
);
