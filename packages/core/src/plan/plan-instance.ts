/**
 * A plan entry's resource instance: its address, with a deposed object's key after it (Terraform lists
 * a deposed object, what create_before_destroy left to delete, under its current object's address).
 */
export const planInstance = (address: string, deposed: unknown): string => (typeof deposed === 'string' ? `${address} (deposed ${deposed})` : address);
