import { describeAccuracy } from './suite.js';

describeAccuracy('company');
