import { describeAccuracy } from './suite.js';

describeAccuracy('phone');
