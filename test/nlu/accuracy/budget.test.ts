import { describeAccuracy } from './suite.js';

describeAccuracy('budget');
