import { describeAccuracy } from './suite.js';

describeAccuracy('email');
