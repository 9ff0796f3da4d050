declare module '@ukp/dashboard-operations?raw' {
  const text: string;
  export default text;
}
