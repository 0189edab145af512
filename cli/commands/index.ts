import type { Command } from '../command.js';
import { demo } from './demo.js';
import { graph } from './graph.js';
import { init } from './init.js';
import { inspect } from './inspect.js';
import { keygen } from './keygen.js';
import { lab } from './lab.js';
import { render } from './render.js';
import { validate } from './validate.js';
import { verify } from './verify.js';

export const commands: readonly Command[] = [validate, inspect, render, init, keygen, demo, graph, lab, verify];
