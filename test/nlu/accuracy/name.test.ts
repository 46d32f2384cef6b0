import { describeAccuracy } from './suite.js';

describeAccuracy('name');
