import { describeAccuracy } from './suite.js';

describeAccuracy('project');
