// Static in-memory data of the public federation-gateways benchmark: 10 users, 10 products,
// 40 reviews. Deterministic, so both gateways must return byte-for-byte the same answer.
export interface User {
  id: string;
  name: string;
  username: string;
  birthday: number;
}
export interface Product {
  upc: string;
  name: string;
  price: number;
  weight: number;
}
export interface Review {
  id: string;
  body: string;
  authorID: string;
  productUpc: string;
}

export const users: User[] = Array.from({ length: 10 }, (_, i) => ({
  id: String(i + 1),
  name: `User ${i + 1}`,
  username: `user${i + 1}`,
  birthday: 1_000_000 + i * 86_400,
}));

export const products: Product[] = Array.from({ length: 10 }, (_, i) => ({
  upc: String(i + 1),
  name: `Product ${i + 1}`,
  price: 100 + i * 250,
  weight: 10 + i * 7,
}));

export const inventory = new Map(products.map((p, i) => [p.upc, { inStock: i % 3 !== 0 }]));

export const reviews: Review[] = Array.from({ length: 40 }, (_, i) => ({
  id: String(i + 1),
  body: `Review ${i + 1}: ${i % 2 === 0 ? 'love it' : 'could be better'}`,
  authorID: String((i % 10) + 1),
  productUpc: String(((i * 3) % 10) + 1),
}));
