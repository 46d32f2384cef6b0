import { describeAccuracy } from './suite.js';

describeAccuracy('sector');
