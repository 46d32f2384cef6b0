import { describeAccuracy } from './suite.js';

describeAccuracy('timeline');
