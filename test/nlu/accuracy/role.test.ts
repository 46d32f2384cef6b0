import { describeAccuracy } from './suite.js';

describeAccuracy('role');
