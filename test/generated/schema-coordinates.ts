/** Whether the graph has a field at a schema coordinate such as `Query.kreaJobs`. */
import { schema } from '../../src/schema/index.js';

export function hasCoordinate(coordinate: string): boolean {
  const [typeName, fieldName] = coordinate.split('.');
  const type = schema.getType(typeName!);
  return !!type && 'getFields' in type && fieldName! in type.getFields();
}
