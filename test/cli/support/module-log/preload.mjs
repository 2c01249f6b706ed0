// `node --import` this file to append the URL of every module the process loads to the file named
// by RAMPKIT_MODULE_LOG (test/cli/light-commands.test.ts reads it).
import { register } from 'node:module';

register('./hooks.mjs', import.meta.url, { data: { log: process.env.RAMPKIT_MODULE_LOG } });
