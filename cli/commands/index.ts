import type { Command } from '../command.js';
import { agent } from './agent.js';
import { apply } from './apply.js';
import { demo } from './demo.js';
import { graph } from './graph.js';
import { init } from './init.js';
import { inspect } from './inspect.js';
import { keygen } from './keygen.js';
import { lab } from './lab.js';
import { plan } from './plan.js';
import { render } from './render.js';
import { status } from './status.js';
import { validate } from './validate.js';
import { verify } from './verify.js';

export const commands: readonly Command[] = [validate, inspect, render, plan, apply, agent, status, verify, init, keygen, graph, lab, demo];
